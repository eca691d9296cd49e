"""Benchmarks of the policy engine (run by `make bench`; never part of the tests).

(a) `python -m skillup.policy quote` end to end on generated JSON lines, against a bare JSON-lines echo.
(b) quote_many on generated vocational-certificate claims beside the OpenFisca annex 2 system, same inputs,
    checking both give the same total.

    python benchmarks/bench_quote.py            # 100,000 lines and 1,000,000 claims
    python benchmarks/bench_quote.py --n 20000  # scaled down (both parts use --n; (b) uses 10 × n)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path[:0] = [str(SRC), str(HERE)]

from skillup.policy import Claim, Person, quote_many  # noqa: E402
from skillup.policy.catalogue import default_catalogue  # noqa: E402

ECHO = """
import json, sys
out = sys.stdout
for line in sys.stdin:
    if line.strip():
        out.write(json.dumps(json.loads(line), ensure_ascii=False) + "\\n")
"""

PLAN_START = dt.date(2019, 6, 1).toordinal()
PLAN_SPAN = dt.date(2022, 6, 30).toordinal() - PLAN_START


def _occupations(rng: random.Random) -> list[str]:
    cat = default_catalogue()
    return list(cat.category_of) + [f"D类工种{i}" for i in range(20)]


def _line(rng: random.Random, i: int, occupations: list[str]) -> dict:
    day = dt.date.fromordinal(PLAN_START + rng.randrange(PLAN_SPAN)).isoformat()
    person = {"birth_date": "1985-04-12", "sex": "男", "groups": ["employee"], "pension": rng.random() < 0.02}
    pick = rng.random()
    if pick < 0.6:
        obj = {
            "scheme": "vocational_certificate",
            "occupation": rng.choice(occupations),
            "level": rng.choice(["初级", "中级", "高级", "技师", "高级技师"]),
            "hours": rng.choice([60, 70, 80, 100, 120]),
        }
    elif pick < 0.7:
        obj = {
            "scheme": "post_skill_upgrade",
            "level": rng.choice(["初级", "中级", "高级"]),
            "hours": rng.choice([40, 50, 60]),
        }
    elif pick < 0.8:
        obj = {
            "scheme": "special_operation_safety",
            "kind": rng.choice(["new", "renewal"]),
            "cost": f"{rng.randrange(50, 900)}.00",
        }
    elif pick < 0.9:
        obj = {"scheme": "syb_training", "hours": rng.choice([40, 56, 60])}
    else:
        obj = {"scheme": "vocational_certificate", "occupation": "焊工", "level": "初级", "hours": 70,
               "history": [{"scheme": "syb_training", "date": day[:4] + "-01-05"}]}  # fmt: skip
    if rng.random() < 0.2:
        obj["uplift"] = rng.choice(["trade_friction", "public_training_base"])
    return {"id": f"c{i}", "date": day, "person": person, **obj}


def bench_cli(n: int) -> None:
    rng = random.Random(7)
    occupations = _occupations(rng)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i in range(n):
                handle.write(json.dumps(_line(rng, i, occupations), ensure_ascii=False) + "\n")
        echo = Path(tmp) / "echo.py"
        echo.write_text(ECHO, encoding="utf-8")
        timings = {}
        for name, cmd in (
            ("echo", [sys.executable, str(echo)]),
            ("quote", [sys.executable, "-m", "skillup.policy", "quote"]),
        ):
            with path.open("rb") as stdin:
                start = time.perf_counter()
                done = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, env=env, check=True)
                timings[name] = time.perf_counter() - start
            assert done.stdout.count(b"\n") == n, name
    print(f"(a) skillup quote end to end, {n:,} lines")
    print(f"    bare JSON-lines echo : {timings['echo']:.2f} s  {n / timings['echo']:>10,.0f} lines/s")
    print(f"    skillup quote        : {timings['quote']:.2f} s  {n / timings['quote']:>10,.0f} lines/s")
    print(f"    quote / echo time    : {timings['quote'] / timings['echo']:.2f}")


def bench_batch(n: int) -> None:
    import numpy as np
    from openfisca_annex2 import CATEGORIES, LEVELS, UPLIFTS, Annex2System, compute

    rng = random.Random(11)
    cat = default_catalogue()
    occupations = _occupations(rng)
    persons = [Person(groups=("employee",)), Person(groups=("employee",), pension=True)]
    dates = [dt.date.fromordinal(PLAN_START + d) for d in range(PLAN_SPAN)]
    claims = []
    for _ in range(n):
        claims.append(
            Claim(
                scheme="vocational_certificate",
                date=rng.choice(dates),
                occupation=rng.choice(occupations),
                level=rng.choice(LEVELS),
                hours=rng.choice((60, 70, 75, 80, 90, 100, 120)),
                uplifts=rng.choice(((), (), (), ("trade_friction",), ("public_training_base",))),
                person=persons[rng.random() < 0.02],
            )
        )
    batch = [(c, ()) for c in claims]

    start = time.perf_counter()
    decisions = quote_many(batch)
    t_skillup = time.perf_counter() - start
    total_skillup = sum((d.amount for d in decisions), Decimal(0))
    assert all(d.basis for d in decisions)

    start = time.perf_counter()
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    level_index = {v: i for i, v in enumerate(LEVELS)}
    uplift_index = {u: i for i, u in enumerate(UPLIFTS)}
    arrays = {
        "category": np.fromiter((cat_index[cat.category(c.occupation or "")] for c in claims), np.int32, n),
        "level": np.fromiter((level_index[c.level or ""] for c in claims), np.int32, n),
        "hours": np.fromiter((c.hours or 0 for c in claims), np.int32, n),
        "day": np.fromiter((c.date.toordinal() for c in claims), np.int32, n),
        "uplift": np.fromiter(
            (uplift_index[c.uplifts[0] if c.uplifts else None] for c in claims), np.int32, n
        ),
        "pension": np.fromiter((c.person.pension for c in claims), np.bool_, n),
    }
    t_prepare = time.perf_counter() - start
    system = Annex2System()
    start = time.perf_counter()
    fen = compute(system, arrays)
    t_openfisca = time.perf_counter() - start
    total_openfisca = Decimal(int(fen.astype(np.int64).sum())) / 100

    print(f"(b) {n:,} vocational-certificate claims")
    print(f"    SkillUp quote_many (with a basis per claim): {t_skillup:.2f} s")
    print(f"    OpenFisca calculate (vectorised)           : {t_openfisca:.2f} s")
    print(f"    OpenFisca + turning claims into arrays     : {t_openfisca + t_prepare:.2f} s")
    print(f"    ratio SkillUp / OpenFisca calculate        : {t_skillup / t_openfisca:.2f}")
    print(f"    ratio SkillUp / OpenFisca incl. arrays     : {t_skillup / (t_openfisca + t_prepare):.2f}")
    print(f"    total SkillUp {total_skillup:,.2f}  OpenFisca {total_openfisca:,.2f}  "
          f"{'same' if total_skillup == total_openfisca else 'DIFFERENT'}")  # fmt: skip
    if total_skillup != total_openfisca:
        raise SystemExit("totals differ")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="JSON lines for (a); (b) uses 10 × n claims")
    args = parser.parse_args()
    bench_cli(args.n)
    bench_batch(10 * args.n)


if __name__ == "__main__":
    main()
