"""Benchmark of the one spreadsheet writer every export goes through (core.xlsx.build_workbook; issue 12).

Rows shaped like the claims export (13 columns: numbers, Chinese text, a masked identity number, money)
are written for --n and for 2 × --n rows; the time per row must not grow with the sheet (ratio ≈ 2 for
twice the rows: linear). Before issue 12 each row read the sheet back (`ws[ws.max_row]`), which is
quadratic: 5,354 demo claims took 71 s; the claims export now runs as a background job with progress when
it exceeds EXPORT_INLINE_ROWS (1,000), and writes in seconds.

    python benchmarks/bench_export.py            # 5,000 and 10,000 rows
    python benchmarks/bench_export.py --n 50000
"""

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillup.settings")

import django  # noqa: E402

django.setup()

from skillup.core.xlsx import build_workbook  # noqa: E402

HEADERS = ["编号", "培训班", "姓名", "身份证号", "补贴项目", "职业（工种）", "等级", "主管部门", "年度", "收款方",
           "状态", "金额（元）", "不予补贴原因"]  # fmt: skip


def rows(n: int):
    for i in range(n):
        yield [i, f"SY2021-{i:06d}", "王小明", "330604********1269", "职业证书培训", "焊工", "中级", "区人力社保局",
               2021, "王小明", "已支付", Decimal("3500.00"), "" if i % 7 else "超过每人每年3次"]  # fmt: skip


def timed(n: int) -> float:
    start = time.perf_counter()
    content = build_workbook(
        title="补贴申领", headers=HEADERS, rows=rows(n), money_columns=[11], total_columns=[11]
    )
    elapsed = time.perf_counter() - start
    print(f"  {n:>8,} rows  {elapsed:6.2f} s  {n / elapsed:8,.0f} rows/s  {len(content) // 1024:,} KiB")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    print("core.xlsx.build_workbook (the claims export's shape)")
    one = timed(args.n)
    two = timed(2 * args.n)
    print(f"  ratio 2n/n = {two / one:.2f} (linear ≈ 2; quadratic ≈ 4)")


if __name__ == "__main__":
    main()
