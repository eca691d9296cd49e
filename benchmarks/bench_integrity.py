"""Benchmark of the integrity scan (run by `make bench`; never part of the tests).

Generates a synthetic district shaped like shared/integrity-example.jsonl.gz (institutions, people, classes,
enrolments, QR / face / manual attendance, results, claims, with a few planted cases of each signal), writes
it as JSON lines, and times `skillup integrity scan` end to end (read + scan + write) at the full size and at
half the size; a linear scan gives a ratio near 2.

    python benchmarks/bench_integrity.py                      # 1,300 classes, 300,000 attendance, 28,000 claims
    python benchmarks/bench_integrity.py --classes 300         # scaled down
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from skillup.integrity.engine import read, scan  # noqa: E402

TRADES = [
    "电工",
    "焊工",
    "美容师",
    "茶艺师",
    "育婴员",
    "保安员",
    "钳工",
    "中式烹调师",
    "家政服务员",
    "电子商务师",
]


def district(n_classes: int, seed: int = 7) -> list[str]:
    """About 230 attendance records and 21.5 claims per class, as in the contract's target district."""
    rnd = random.Random(seed)
    out, dump = [], lambda r: out.append(json.dumps(r, ensure_ascii=False))
    n_inst = max(4, n_classes // 25)
    for i in range(n_inst):
        dump({"type": "institution", "id": f"I{i:04d}", "name": f"第{i}职业培训学校"})
    pid = 0
    kid = 0
    day0 = dt.date(2019, 1, 7)
    for c in range(n_classes):
        cid = f"C{c:05d}"
        start = day0 + dt.timedelta(days=rnd.randrange(1000))
        days = 10
        inst = f"I{rnd.randrange(n_inst):04d}"
        venue = f"{inst}-{rnd.randrange(4)}号教室"
        dump(
            {
                "type": "class",
                "id": cid,
                "institution": inst,
                "scheme": "vocational_certificate",
                "occupation": rnd.choice(TRADES),
                "level": "初级",
                "hours": 80,
                "start_date": start.isoformat(),
                "end_date": (start + dt.timedelta(days=days - 1)).isoformat(),
                "capacity": 50,
                "venue": venue,
            }
        )
        plant = c % 100  # one planted case of each class signal per hundred classes
        method = {2: "face", 4: "qr"}.get(plant) or rnd.choice(["qr", "qr", "face"])
        roster = []
        for i in range(23):
            pid += 1
            p = f"P{pid:07d}"
            phone = f"1390000{pid % 2:04d}" if plant == 1 and i < 12 else f"13{pid:09d}"
            born = f"{rnd.randint(1960, 2002)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}"
            dump(
                {
                    "type": "person",
                    "id": p,
                    "birth_date": born,
                    "sex": "女",
                    "phone": phone,
                    "groups": ["employee"],
                    "pension": False,
                }
            )
            dump({"type": "enrolment", "class": cid, "person": p})
            roster.append(p)
        for d in range(days):
            t = dt.datetime.combine(start + dt.timedelta(days=d), dt.time(8, 0))
            for p in roster:
                t += dt.timedelta(seconds=rnd.randint(4, 40) if plant != 2 else 1)
                m = "manual" if plant == 3 else method
                rec = t + dt.timedelta(days=20) if m == "manual" else t + dt.timedelta(seconds=5)
                dev = {"qr": f"ua:{p}" if plant != 4 else "ua:one", "face": f"FACE-{inst}", "manual": ""}[m]
                dump(
                    {
                        "type": "attendance",
                        "class": cid,
                        "person": p,
                        "at": t.isoformat(),
                        "hours": 8,
                        "method": m,
                        "device": dev,
                        "ip": "115.1.1.1",
                        "recorded_at": rec.isoformat(),
                    }
                )
        for p in roster[:21] if c % 2 else roster[:22]:
            kid += 1
            account = "6217-mule" if plant == 5 and kid % 3 == 0 else f"6217{kid:012d}"
            dump(
                {
                    "type": "claim",
                    "id": f"K{kid:07d}",
                    "person": p,
                    "class": cid,
                    "scheme": "vocational_certificate",
                    "amount": "1000.00",
                    "created_at": f"{start}T11:00:00",
                    "payee_kind": "person",
                    "payee_account": account,
                }
            )
    rnd.shuffle(out)
    return out


def timed(lines: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    findings = scan(read(lines))
    buf = io.StringIO()
    for f in findings:
        buf.write(json.dumps(f, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, len(findings)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--classes", type=int, default=1300)
    args = ap.parse_args()
    results = []
    for n in (args.classes // 2, args.classes):
        lines = district(n)
        kinds = {}
        for line in lines:
            t = json.loads(line)["type"]
            kinds[t] = kinds.get(t, 0) + 1
        secs, found = timed(lines)
        results.append(secs)
        print(
            f"{n:>6} classes, {kinds.get('attendance', 0):>7,} attendance, {kinds.get('claim', 0):>6,} claims, "
            f"{len(lines):>7,} lines: scan {secs:6.2f} s, {found} findings"
        )
    print(f"full / half = {results[1] / results[0]:.2f} (linear ≈ 2); target < 60 s for the full district")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
