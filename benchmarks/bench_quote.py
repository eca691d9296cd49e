"""Benchmarks of the policy engine (run by `make bench`; never part of the tests).

(a) `python -m skillup.policy quote` end to end on generated JSON lines, against a bare JSON-lines echo.
(b) quote_many on generated vocational-certificate claims beside the OpenFisca annex 2 system, same inputs,
    checking both give the same total. Both sides start from the same list of Claim objects and end with
    an amount per claim: SkillUp pairs each claim with its (empty) history and runs quote_many, which gives
    every claim a Decision with its full basis; OpenFisca turns the claims into its six input arrays and
    runs calculate (shown with and without the arrays). Each side runs cold --repeat times; best shown.

    python benchmarks/bench_quote.py            # 100,000 lines and 1,000,000 claims
    python benchmarks/bench_quote.py --n 20000  # scaled down (both parts use --n; (b) uses 10 × n)
(c) issue 16: `skillup quote`, a minimal OpenFisca system end to end (openfisca_cli.py) and a bare echo on the
    same --e2e annex 2 lines (200,000), best of --repeat interleaved runs, CPU and wall time.
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
from itertools import repeat
from operator import attrgetter
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
    # A/B/C of annex 2 and the national catalogue's other skill occupations (D): every name is a real one.
    return list(cat.category_of)


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


def _run_cpu(cmd: list[str], path: Path, env: dict) -> tuple[float, float, bytes]:
    """Wall and CPU seconds (user + system of the child) of one run reading `path` on standard input."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with path.open("rb") as stdin:
        start = time.perf_counter()
        done = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, env=env, check=True)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def bench_end_to_end(n: int, runs: int = 3) -> None:
    """(c) Issue 16 item 1: the command people run, side by side on the same n annex 2 vocational-certificate
    lines — a bare JSON-lines echo, a minimal OpenFisca system end to end (parse, simulate, write:
    openfisca_cli.py) and `skillup quote` (with the full basis of every claim) — best of `runs`, the three
    interleaved in each round, CPU time (the machine is shared) and wall time."""
    rng = random.Random(13)
    occupations = _occupations(rng)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "annex2.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i in range(n):
                day = dt.date.fromordinal(PLAN_START + rng.randrange(PLAN_SPAN)).isoformat()
                obj = {
                    "id": f"c{i}",
                    "scheme": "vocational_certificate",
                    "date": day,
                    "occupation": rng.choice(occupations),
                    "level": rng.choice(["初级", "中级", "高级", "技师", "高级技师"]),
                    "hours": rng.choice([60, 70, 75, 80, 90, 100, 120]),
                    "person": {"groups": ["employee"], "pension": rng.random() < 0.02},
                }
                if rng.random() < 0.4:
                    obj["uplift"] = rng.choice(["trade_friction", "public_training_base"])
                handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
        echo = Path(tmp) / "echo.py"
        echo.write_text(ECHO, encoding="utf-8")
        sides = {
            "echo": [sys.executable, str(echo)],
            "openfisca": [sys.executable, str(HERE / "openfisca_cli.py")],
            "quote": [sys.executable, "-m", "skillup.policy", "quote"],
        }
        best = {name: (float("inf"), float("inf")) for name in sides}
        outputs: dict[str, bytes] = {}
        for _ in range(runs):
            for name, cmd in sides.items():
                wall, cpu, out = _run_cpu(cmd, path, env)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
                outputs[name] = out
        for name in sides:
            assert outputs[name].count(b"\n") == n, name
        quoted = [json.loads(x)["amount"] for x in outputs["quote"].splitlines()]
        simulated = [json.loads(x)["amount"] for x in outputs["openfisca"].splitlines()]
        same = quoted == simulated
    print(f"(c) end to end on {n:,} annex 2 lines, best of {runs} interleaved runs (CPU = user + system)")
    for name, label in (("echo", "bare JSON-lines echo"), ("openfisca", "OpenFisca end to end"),
                        ("quote", "skillup quote (full basis)")):  # fmt: skip
        wall, cpu = best[name]
        print(f"    {label:<28}: CPU {cpu:5.2f} s  wall {wall:5.2f} s  {n / cpu:>10,.0f} lines per CPU s")
    q, o, e = best["quote"][1], best["openfisca"][1], best["echo"][1]
    print(f"    quote CPU / OpenFisca CPU : {q / o:.2f}  (must be ≤ 1.00; goal ≤ 0.50)")
    print(f"    quote throughput / echo   : {e / q:.2f}  (must be ≥ 0.50)")
    print(f"    amounts {'the same on every line' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit("amounts differ")


def bench_batch(n: int, repeat_runs: int = 3) -> None:
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
    # Both sides start from the same list of Claim objects and end with an amount per claim; setup that
    # either engine does once (loading the catalogue, building the OpenFisca system) is outside the timing.
    # Each side is timed `repeat` times, cold every time (a fresh Quoter, a fresh simulation): best is shown.
    system = Annex2System()
    occupation_index = {o: CATEGORIES.index(c) for o, c in cat.category_of.items()}
    other = CATEGORIES.index(cat.other_category)
    level_index = {v: i for i, v in enumerate(LEVELS)}
    uplift_index = {(): 0, **{(u,): i for i, u in enumerate(UPLIFTS) if u}}
    ordinal: dict[dt.date, int] = {d: d.toordinal() for d in dates}

    def skillup() -> list[Decimal]:
        # A bare claim is a claim without history. Given a catalogue, quote_many starts a fresh memo.
        return list(map(attrgetter("amount"), quote_many(claims, cat)))

    def to_arrays() -> dict[str, np.ndarray]:
        # The same C-level idioms quote_many uses (map, attrgetter, dict look-ups), one pass per input.
        return {
            "category": np.fromiter(
                map(occupation_index.get, map(attrgetter("occupation"), claims), repeat(other)), np.int32, n
            ),
            "level": np.fromiter(map(level_index.__getitem__, map(attrgetter("level"), claims)), np.int32, n),
            "hours": np.fromiter(map(attrgetter("hours"), claims), np.int32, n),
            "day": np.fromiter(map(ordinal.__getitem__, map(attrgetter("date"), claims)), np.int32, n),
            "uplift": np.fromiter(
                map(uplift_index.__getitem__, map(attrgetter("uplifts"), claims)), np.int32, n
            ),
            "pension": np.fromiter(map(attrgetter("person.pension"), claims), np.bool_, n),
        }

    t_skillup = t_prepare = t_calculate = t_whole = float("inf")
    for _ in range(repeat_runs):
        start = time.perf_counter()
        amounts = skillup()
        t_skillup = min(t_skillup, time.perf_counter() - start)
        start = time.perf_counter()
        arrays = to_arrays()
        middle = time.perf_counter()
        fen = compute(system, arrays)
        end = time.perf_counter()
        t_prepare, t_calculate = min(t_prepare, middle - start), min(t_calculate, end - middle)
        t_whole = min(t_whole, end - start)
    # The same decisions from (claim, history) pairs (built untimed), and every one with its basis.
    pairs = [(c, ()) for c in claims]
    start = time.perf_counter()
    decisions = quote_many(pairs, cat)
    t_pairs = time.perf_counter() - start
    assert all(d.basis for d in decisions) and [d.amount for d in decisions] == amounts
    total_skillup = sum(amounts, Decimal(0))
    total_openfisca = Decimal(int(fen.astype(np.int64).sum())) / 100

    print(f"(b) {n:,} vocational-certificate claims, best of {repeat_runs} cold runs of each side")
    print("    each side starts from the same list of Claim objects and ends with an amount per claim")
    print(
        f"    SkillUp quote_many → a Decision with its full basis per claim (cold memo) : {t_skillup:.2f} s"
    )
    print(
        f"    OpenFisca calculate only (its six input arrays given)                    : {t_calculate:.2f} s"
    )
    print(
        f"    OpenFisca incl. input arrays (claims → 6 numpy arrays + calculate)       : {t_whole:.2f} s"
        f"  (arrays {t_prepare:.2f} s)"
    )
    print(f"    ratio SkillUp / OpenFisca calculate only : {t_skillup / t_calculate:.2f}")
    print(f"    ratio SkillUp / OpenFisca incl. arrays   : {t_skillup / t_whole:.2f}")
    print(
        f"    (SkillUp quote_many on (claim, ()) pairs instead, pairs built untimed, once: {t_pairs:.2f} s)"
    )
    print(
        f"    total SkillUp {total_skillup:,.2f}  OpenFisca {total_openfisca:,.2f}  "
        f"{'same' if total_skillup == total_openfisca else 'DIFFERENT'}"
    )
    if total_skillup != total_openfisca:
        raise SystemExit("totals differ")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="JSON lines for (a); (b) uses 10 × n claims")
    parser.add_argument(
        "--repeat", type=int, default=3, help="(b): timed runs of each side; the best is shown"
    )
    parser.add_argument("--e2e", type=int, default=200_000, help="(c): annex 2 lines end to end")
    args = parser.parse_args()
    bench_cli(args.n)
    bench_end_to_end(args.e2e, args.repeat)
    bench_batch(10 * args.n, args.repeat)


if __name__ == "__main__":
    main()
