"""`skillup integrity scan [--input FILE] [--output FILE]`: JSON lines in, findings out, no database."""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys

from . import read, scan


def _open_in(path):
    if not path or path == "-":
        raw = sys.stdin.buffer
        head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        if head == b"\x1f\x8b":
            return io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8")
        return io.TextIOWrapper(raw, encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _open_out(path):
    if not path or path == "-":
        return sys.stdout
    if path.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")


def run(input_path=None, output_path=None, stderr=None) -> int:
    stderr = stderr or sys.stderr

    def bad(n, msg):
        print(f"第 {n} 行无法读取，已跳过：{msg}", file=stderr)

    try:
        src = _open_in(input_path)
    except OSError as exc:
        print(f"无法打开输入文件：{exc}", file=stderr)
        return 2
    with src:
        activity = read(src, on_error=bad)
    out = _open_out(output_path)
    try:
        for f in scan(activity):
            out.write(json.dumps(f, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="skillup integrity")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("scan", help="扫描活动数据，输出诚信线索")
    p.add_argument("--input", default=None)
    p.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    return run(args.input, args.output)


if __name__ == "__main__":
    raise SystemExit(main())
