"""Every file SkillUp hands out — .xlsx reports and templates, CSV payment files — is written here, so
that one place keeps stored text from turning into something live (issue 10 items 3 and 4).

Spreadsheets the way an officer expects them: a title row, Chinese headers, a frozen header, amounts
as numbers with two decimals, and a totals row.

Formula injection (OWASP "CSV Injection"): a name such as `=HYPERLINK(…)` or `@SUM(…)` must not come out
as a formula. In .xlsx every text is written as a string cell (openpyxl would store "=…" as a formula), so
the cell shows exactly what was typed and never evaluates. In CSV, where the reader decides, text that
starts with = + - @ (or their full-width forms), tab or carriage return gets a leading apostrophe, which
spreadsheet programs show as text; numbers and money (also as plain numeric strings such as "-12.50")
stay numbers. Characters the .xlsx format cannot hold (most control characters) become U+FFFD rather
than failing the export for everyone. `tests/core/test_exports.py` fails if a module writes a workbook
or CSV without these helpers.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from skillup.core.text import printable

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
MONEY_FORMAT = "#,##0.00"
# What makes a spreadsheet program read a cell as a formula (OWASP), with the full-width forms an IME types.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: str) -> str:
    """Text for a CSV cell: never read as a formula, always writable."""
    value = printable(value)
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence], *, header: Sequence[str]) -> str:
    """A CSV document (UTF-8 text, `\\n` line ends): header first; every text cell through `safe_text`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_text(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()


def csv_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _append(ws, values: Sequence) -> None:
    """One row; text stays text: a string cell, never a formula, with unwritable characters replaced.
    The cells are made here and handed to `append` (openpyxl's documented form), so a row costs the same
    however long the sheet is (reading back `ws[ws.max_row]` scanned every cell: 5,354 claims took 71 s)."""
    cells = []
    for value in values:
        if isinstance(value, str):
            cell = Cell(ws, value=printable(value))
            cell.data_type = TYPE_STRING
        else:
            cell = Cell(ws, value=value)
        cells.append(cell)
    ws.append(cells)


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", printable(title))[:31] or "Sheet"


def build_workbook(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    money_columns: Iterable[int] = (),
    total_columns: Iterable[int] = (),
    subtitle: str = "",
) -> bytes:
    """Column indexes are 0-based. `total_columns` get a sum in the totals row (money or counts)."""
    money = set(money_columns)
    totals_at = set(total_columns)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    _append(ws, [title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(headers), 1))
    header_row = 2
    if subtitle:
        _append(ws, [subtitle])
        header_row = 3
    _append(ws, list(headers))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    sums: dict[int, Decimal] = {i: Decimal("0") for i in totals_at}
    count = 0
    for row in rows:
        count += 1
        values = []
        for i, value in enumerate(row):
            if isinstance(value, Decimal):
                value = value.quantize(Decimal("0.01")) if i in money else value
            if i in sums and value not in (None, ""):
                sums[i] += Decimal(str(value))
            values.append(value)
        _append(ws, values)
    first_data = header_row + 1
    last_data = header_row + count
    if totals_at:
        total_row = ["合计"] + [""] * (len(headers) - 1)
        for i, total in sums.items():
            total_row[i] = total if i in money else int(total)
        _append(ws, total_row)
        for col in range(1, len(headers) + 1):
            ws.cell(row=last_data + 1, column=col).font = Font(bold=True)
    for i in money:
        for r in range(first_data, ws.max_row + 1):
            ws.cell(row=r, column=i + 1).number_format = MONEY_FORMAT
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for col, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(10, min(40, len(str(header)) * 2 + 4))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


NOTES_SHEET = "填写说明"


def build_template(
    *, title: str, headers: Sequence[str], notes: Sequence[str] = (), example: Sequence[str] = ()
) -> bytes:
    """An upload template (名册, 证书登记) holding only what an upload may read (issue 12 defect 2): the
    header row on the first sheet with text-formatted columns (ID numbers and phones keep their digits),
    and the filling notes with an example on a second visible sheet "填写说明", which `read_rows` never
    reads — so a template uploaded unchanged imports nothing."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    _append(sheet, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, _ in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 24
        for row in range(2, 502):
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    if notes or example:
        help_sheet = workbook.create_sheet(NOTES_SHEET)
        help_sheet.column_dimensions["A"].width = 90
        _append(help_sheet, [f"{title}填写说明"])
        help_sheet.cell(row=1, column=1).font = Font(bold=True)
        for note in notes:
            _append(help_sheet, [note])
            help_sheet.cell(row=help_sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
        if example:
            _append(help_sheet, [])
            _append(help_sheet, [f"示例（导入时只读第一个工作表“{sheet.title}”，本页内容不会导入）："])
            _append(help_sheet, list(headers))
            _append(help_sheet, list(example))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
