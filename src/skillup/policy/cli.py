"""`skillup quote [--input FILE] [--catalogue FILE] [--compare]`: JSON lines in, JSON lines out (QUOTE.md).

One output line per non-blank input line, in order; blank lines are skipped. A line that cannot be
understood is answered {"id": …, "error": "<field>: <message>"} and reading goes on. Exit 0 when every line
was answered, 1 when the input cannot be read, 2 for bad arguments or an unreadable --catalogue overlay.
With --compare (needs --catalogue) the lines carry the overlay's answers and a per-scheme table of count,
total under the default catalogue, total under the overlay and the difference goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

import orjson

from .catalogue import Catalogue, CatalogueError, load_catalogue
from .compare import Comparison
from .contract import ContractError, decision_to_json, parse_claim, parse_id
from .engine import Quoter
from .model import Claim, Decision

CHUNK = 2000  # lines parsed, quoted (one quote_many) and written together


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skillup quote", description="按上虞区职业技能提升行动方案核定补贴")
    parser.add_argument("--input", metavar="FILE", help="JSON lines to read instead of standard input")
    parser.add_argument("--catalogue", metavar="FILE", help="what-if overlay YAML merged over the catalogue")
    parser.add_argument("--compare", action="store_true", help="also total default vs overlay per scheme")
    return parser


def _has_float(value: Any) -> bool:
    """Whether orjson gave a float anywhere in this object or list (a JSON number with a fraction or an
    exponent, or an integer beyond 64 bits)."""
    for v in value.values() if type(value) is dict else value:
        kind = type(v)
        if kind is float or ((kind is dict or kind is list) and _has_float(v)):
            return True
    return False


# A JSON number orjson turns into a float has a digit followed by "." or an exponent, or 19 digits or more
# (beyond 64 bits). Mapped through this table (digits → "0", "." "e" "E" → ".", all else → space), a line
# with neither "0." nor nineteen "0" in a row holds no float: checked in C, two searches. Any other line (a
# fraction, or text such as "c1e5" inside a string) is walked by _has_float.
_FLOATISH = bytes(ord("0") if 48 <= c <= 57 else ord(".") if c in b".eE" else ord(" ") for c in range(256))
_NINETEEN_DIGITS = b"0" * 19


def _float_possible(raw: bytes) -> bool:
    if type(raw) is not bytes:
        return True
    t = raw.translate(_FLOATISH)
    return b"0." in t or _NINETEEN_DIGITS in t


def loads(raw: bytes) -> Any:
    """One JSON line, parsed exactly as `json.loads(raw, parse_float=Decimal)` would, faster (orjson).

    A line where orjson gave a float anywhere is read again by the standard library with
    parse_float=Decimal, so no amount ever passes through a float; so is a line orjson refuses (NaN,
    other encodings), which then parses or fails with the standard library's own result and message."""
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw, parse_float=Decimal)
    if not _float_possible(raw):
        return obj
    if type(obj) in (dict, list) and _has_float(obj) or type(obj) is float:
        return json.loads(raw, parse_float=Decimal)
    return obj


class _Writer:
    """Serialises answers; a shared Decision is turned into JSON once and reused, and lines are written in
    blocks (the output is the same bytes as `json.dumps(..., ensure_ascii=False)` line by line)."""

    BLOCK = 2000

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self._tails: dict[int, tuple[Decision, bytes]] = {}
        self._lines: list[bytes] = []

    def _tail(self, decision: Decision) -> bytes:
        # Keyed by identity; the Decision is kept in the value so its id cannot be reused while cached.
        cached = self._tails.get(id(decision))
        if cached is not None and cached[0] is decision:
            return cached[1]
        body = decision_to_json("", decision)
        del body["id"]
        tail = json.dumps(body, ensure_ascii=False)[1:].encode() + b"\n"
        if len(self._tails) > 100_000:
            self._tails.clear()
        self._tails[id(decision)] = (decision, tail)
        return tail

    def decision(self, ident: str, decision: Decision) -> None:
        cached = self._tails.get(id(decision))
        tail = cached[1] if cached is not None and cached[0] is decision else self._tail(decision)
        if ident.isascii() and ident.isprintable() and '"' not in ident and "\\" not in ident:
            self._lines.append(b'{"id": "' + ident.encode() + b'", ' + tail)
        else:
            self._lines.append(b'{"id": ' + json.dumps(ident, ensure_ascii=False).encode() + b", " + tail)
        if len(self._lines) >= self.BLOCK:
            self.flush()

    def error(self, ident: Any, message: str) -> None:
        line = json.dumps({"id": ident, "error": message}, ensure_ascii=False, default=str)
        self._push(line.encode() + b"\n")

    def _push(self, line: bytes) -> None:
        self._lines.append(line)
        if len(self._lines) >= self.BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._lines:
            self.out.write(b"".join(self._lines))
            self._lines.clear()


def _parse(raw: bytes, catalogue: Catalogue) -> tuple[Any, Claim | None, Any]:
    """(id, claim, history) of one line, or (id, None, error message) when it breaks the contract."""
    try:
        obj = loads(raw)
    except ValueError as exc:
        return None, None, f"line: 不是有效的 JSON（{exc}）"
    ident = obj.get("id") if isinstance(obj, dict) else None
    try:
        ident = parse_id(obj)
        claim, history = parse_claim(obj, catalogue)
    except ContractError as exc:
        return ident, None, str(exc)
    except Exception as exc:  # the contract promises an answer per line, never a traceback
        return ident, None, f"internal: {type(exc).__name__}: {exc}"
    return ident, claim, history


def _decide(quoter: Quoter, items: list[Any]) -> list[Decision | str]:
    """The decisions for a chunk's (claim, history) pairs in one quote_many call; should that fail, claim
    by claim, so a claim the engine cannot quote is answered with its own error and the others go on."""
    try:
        return list(quoter.quote_many(items))
    except Exception:  # noqa: BLE001 — found again, line by line, below
        answers: list[Decision | str] = []
        for claim, history in items:
            try:
                answers.append(quoter.quote(claim, history))
            except Exception as exc:  # the contract promises an answer per line, never a traceback
                answers.append(f"internal: {type(exc).__name__}: {exc}")
        return answers


def _answer_chunk(
    chunk: list[bytes], quoter: Quoter, other: Quoter | None, cmp: Comparison | None, w: _Writer
) -> None:
    """Parse a chunk of lines, quote its claims with one quote_many (claims without history share memoised
    decisions, walked in C), and write the answers in input order."""
    parsed = [_parse(raw, quoter.catalogue) for raw in chunk]
    items = [(claim, history) for _, claim, history in parsed if claim is not None]
    decisions = iter(_decide(quoter, items))
    defaults = iter(_decide(other, items)) if other is not None else None
    for ident, claim, rest in parsed:
        if claim is None:
            w.error(ident, rest)
            continue
        decision = next(decisions)
        if isinstance(decision, str):
            w.error(ident, decision)
            if defaults is not None:
                next(defaults)
            continue
        if defaults is not None and cmp is not None:
            default = next(defaults)
            if isinstance(default, str):
                w.error(ident, default)
                continue
            cmp.add(claim.scheme, default.amount, decision.amount)
        w.decision(ident, decision)


def run(
    lines: Iterable[bytes], out: IO[bytes], overlay: str | None = None, compare: bool = False
) -> Comparison | None:
    """Answer every non-blank line, in order, CHUNK lines at a time; returns the comparison when asked."""
    quoter = Quoter(load_catalogue(overlay))
    default = Quoter(load_catalogue()) if compare else None
    cmp = Comparison() if compare else None
    writer = _Writer(out)
    chunk: list[bytes] = []
    for raw in lines:
        if raw.strip():
            chunk.append(raw)
            if len(chunk) >= CHUNK:
                _answer_chunk(chunk, quoter, default, cmp, writer)
                chunk = []
    if chunk:
        _answer_chunk(chunk, quoter, default, cmp, writer)
    writer.flush()
    out.flush()
    return cmp


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["quote"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.compare and not args.catalogue:
        print("skillup quote: --compare 需要 --catalogue FILE", file=sys.stderr)
        return 2
    try:
        load_catalogue(args.catalogue)
    except CatalogueError as exc:
        print(f"skillup quote: --catalogue: {exc}", file=sys.stderr)
        return 2
    try:
        source = open(args.input, "rb") if args.input else sys.stdin.buffer  # noqa: SIM115
    except OSError as exc:
        print(f"skillup quote: --input: 无法读取 {exc}", file=sys.stderr)
        return 1
    try:
        cmp = run(source, sys.stdout.buffer, args.catalogue, args.compare)
    except OSError as exc:
        print(f"skillup quote: 读取输入失败 {exc}", file=sys.stderr)
        return 1
    finally:
        if args.input:
            source.close()
    if cmp is not None:
        sys.stderr.write(cmp.table())
    return 0
