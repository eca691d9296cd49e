"""Benchmark and acceptance check of the integrity scan (run by `make bench`; never part of the tests).

Generates a district of the contract's size with planted fraud and every innocent look-alike
(benchmarks/integrity_district.py: 1,300 classes, ~300,000 attendance, ~28,000 claims), writes it and its
answer key, times `skillup integrity scan` end to end (read + scan + write) at half and at full size (a
linear scan gives a ratio near 2), and scores the findings with shared/integrity-score.py itself: recall of
planted classes and claims (goal ≥ 0.95), false flags on honest classes and claims (goal ≤ 0.01).

    python benchmarks/bench_integrity.py                         # 1,300 classes, seed 11
    python benchmarks/bench_integrity.py --classes 400 --seed 5  # another district
    python benchmarks/bench_integrity.py --out /tmp/district     # keep the data, key and findings
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from integrity_district import generate, score, scorer_path, write  # noqa: E402

from skillup.integrity.engine import read, scan  # noqa: E402


def district(n_classes: int, seed: int = 11) -> list[str]:
    """The JSON lines of a planted district (benchmarks/bench_integrity_db.py loads them into a database)."""
    return [json.dumps(r, ensure_ascii=False) for r in generate(n_classes, seed).records]


def timed_scan(data: Path, findings: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    with data.open(encoding="utf-8") as f:
        found = scan(read(f))
    with findings.open("w", encoding="utf-8") as out:
        for finding in found:
            out.write(json.dumps(finding, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, len(found)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--classes", type=int, default=1300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, help="keep the district, key and findings here")
    ap.add_argument("--scorer", type=Path, default=scorer_path())
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        seconds, ok = [], True
        for n in (args.classes // 2, args.classes):
            data, key = write(out, n, args.seed)
            kinds = Counter(json.loads(line)["type"] for line in data.open(encoding="utf-8"))
            findings = out / f"findings-{n}-{args.seed}.jsonl"
            secs, found = timed_scan(data, findings)
            seconds.append(secs)
            print(
                f"{n:>6} classes, {kinds['attendance']:>7,} attendance, {kinds['claim']:>6,} claims, "
                f"{sum(kinds.values()):>7,} lines: scan {secs:6.2f} s, {found} findings"
            )
            if args.scorer is None:
                print("  (shared/integrity-score.py not found: not scored)")
                continue
            s = score(data, key, findings, args.scorer)
            ok = ok and s["ok"]
            planted = ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(s["patterns"].items()))
            print(
                f"  recall {s['recall']:.3f} (≥ 0.95); false flags: classes {s['false_classes']:.4f}, "
                f"claims {s['false_claims']:.4f} (≤ 0.01); unexplained {s['unexplained']}\n  caught: {planted}"
            )
    print(f"full / half = {seconds[1] / seconds[0]:.2f} (linear ≈ 2); target < 60 s for the full district")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
