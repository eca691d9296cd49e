"""Reading an uploaded .xlsx safely: the bytes decide what it is, not the file name.

Refused, with a Chinese message and before anything is written: something that is not a zip holding
`[Content_Types].xml`; an unpacked size above `MAX_UNPACKED` (zip-bomb guard: the sum of the members'
declared sizes, checked before openpyxl inflates anything); a hidden sheet; any formula; more data rows
than `max_rows`; headers other than the expected ones; a control character in any cell (row and column
named).
"""

import io
import zipfile
from collections.abc import Sequence

from skillup.core import text
from skillup.core.errors import FieldError, RuleViolation

MAX_UPLOAD = 20 * 1024 * 1024  # bytes as uploaded
MAX_UNPACKED = 50 * 1024 * 1024  # sum of uncompressed member sizes
MAX_ROWS = 10_000


def _refuse(message: str) -> RuleViolation:
    return RuleViolation([FieldError(message, field="file")])


def check_package(content: bytes) -> None:
    """The zip-level checks: a real .xlsx package and no zip bomb."""
    if len(content) > MAX_UPLOAD:
        raise _refuse(f"文件过大（超过 {MAX_UPLOAD // 1024 // 1024} MB），请拆分后上传")
    if not content.startswith(b"PK"):
        raise _refuse("文件不是 Excel（.xlsx）格式，请用模板填写后另存为 .xlsx 再上传")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse("文件已损坏或不是 Excel（.xlsx）格式，请重新保存后上传") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse("文件不是 Excel（.xlsx）格式，请用模板填写后另存为 .xlsx 再上传")
    if unpacked > MAX_UNPACKED:
        raise _refuse(f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，已拒绝（请只保留名册数据）")


def read_rows(
    content: bytes, *, headers: Sequence[str], max_rows: int = MAX_ROWS
) -> list[tuple[int, list[str]]]:
    """The data rows of the first sheet as (sheet row number, cell texts) under the expected headers.

    The header row is the first non-empty row; entirely empty rows are skipped. Cell values come back as
    stripped strings (numbers that are whole become digits, so a phone typed as a number still reads)."""
    check_package(content)
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula stays a formula string, so it can be refused rather than trusted.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for malformed packages
        raise _refuse("无法读取该 Excel 文件，请用模板重新填写后上传") from None
    try:
        return _rows(workbook, headers, max_rows)
    except RuleViolation:
        raise
    except Exception:  # a malformed sheet inside a valid package fails only while it is read
        raise _refuse("Excel 文件内容已损坏，无法读取，请用模板重新填写后上传") from None
    finally:
        workbook.close()


def _rows(workbook, headers: Sequence[str], max_rows: int) -> list[tuple[int, list[str]]]:
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    if hidden:
        raise _refuse(f"文件含有隐藏工作表（{'、'.join(hidden)}），请删除后再上传")
    sheet = workbook.worksheets[0]
    rows: list[tuple[int, list[str]]] = []
    control: list[FieldError] = []
    header_seen = False
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if not any(cells):
            continue
        formula = next((c for c in cells if c.startswith("=")), None)
        if formula is not None:
            raise _refuse(f"第{number}行含有公式（{formula[:20]}），请粘贴为数值后再上传")
        if not header_seen:
            found = [c for c in cells if c]
            if found[: len(headers)] != list(headers):
                raise _refuse(
                    f"表头应为：{' '.join(headers)}（实际为：{' '.join(found) or '空'}），请使用下载的模板"
                )
            header_seen = True
            continue
        row = (cells + [""] * len(headers))[: len(headers)]
        # Control characters (issue 10 item 4): refused in every cell, naming the row and the column.
        control.extend(
            FieldError(message, field=header, row=number)
            for header, cell in zip(headers, row, strict=True)
            if (message := text.check_text(cell, multiline=True))
        )
        rows.append((number, row))
        if len(rows) > max_rows:
            raise _refuse(f"数据超过 {max_rows} 行，请拆分为多个文件上传")
    if not header_seen:
        raise _refuse(f"文件是空的：请在模板中填写表头（{' '.join(headers)}）和数据")
    if control:
        raise RuleViolation(control[:100])
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula | DataTableFormula):
        return "=" + str(getattr(value, "text", "") or "{}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
