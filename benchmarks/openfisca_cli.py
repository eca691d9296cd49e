"""The OpenFisca side of `skillup quote` end to end (issue 16 item 1; run by bench_quote.py, never a test).

JSON lines of annex 2 vocational-certificate claims in the QUOTE.md shape on standard input → one line
`{"id": …, "amount": "…"}` per claim on standard output, like `skillup quote` but with no basis: parse each
line (standard-library json), turn the claims into the six input arrays of openfisca_annex2's system,
calculate, write. The catalogue gives the categories, as it gives SkillUp's.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import numpy as np  # noqa: E402
from openfisca_annex2 import CATEGORIES, LEVELS, UPLIFTS, Annex2System, compute  # noqa: E402

from skillup.policy.catalogue import default_catalogue  # noqa: E402


def main() -> None:
    cat = default_catalogue()
    system = Annex2System()
    occupation_index = {o: CATEGORIES.index(c) for o, c in cat.category_of.items()}
    other = CATEGORIES.index(cat.other_category)
    level_index = {v: i for i, v in enumerate(LEVELS)}
    uplift_index = {None: 0, **{u: i for i, u in enumerate(UPLIFTS) if u}}
    ids, category, level, hours, day, uplift, pension = [], [], [], [], [], [], []
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        obj = json.loads(line)
        ids.append(obj["id"])
        category.append(occupation_index.get(obj["occupation"], other))
        level.append(level_index[obj["level"]])
        hours.append(obj["hours"])
        day.append(dt.date.fromisoformat(obj["date"]).toordinal())
        uplift.append(uplift_index[obj.get("uplift")])
        pension.append(bool((obj.get("person") or {}).get("pension")))
    arrays = {
        "category": np.array(category, np.int32),
        "level": np.array(level, np.int32),
        "hours": np.array(hours, np.int32),
        "day": np.array(day, np.int32),
        "uplift": np.array(uplift, np.int32),
        "pension": np.array(pension, np.bool_),
    }
    fen = compute(system, arrays).astype(np.int64)
    out = sys.stdout
    for ident, amount in zip(ids, fen.tolist(), strict=True):
        out.write(
            json.dumps({"id": ident, "amount": f"{amount // 100}.{amount % 100:02d}"}, ensure_ascii=False)
        )
        out.write("\n")


if __name__ == "__main__":
    main()
