"""Upload templates (名册, 证书登记) that hold only what an upload may read: the header row on the first
sheet, text-formatted columns, and the filling notes with an example on a second visible sheet
"填写说明" (read_rows reads the first sheet only), so an unchanged template imports nothing.

(A candidate for core.xlsx: `build_template` there appends its example under 500 formatted rows, at row
502, where an upload reads it as data; here it is called without one and the notes sheet is added.)"""

import io
from collections.abc import Sequence

from openpyxl import load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font

from skillup.core.text import printable
from skillup.core.xlsx import build_template

NOTES_SHEET = "填写说明"


def _text(cell, value) -> None:
    cell.value = printable(value) if isinstance(value, str) else value
    if isinstance(cell.value, str):
        cell.data_type = TYPE_STRING


def build(*, title: str, headers: Sequence[str], notes: Sequence[str], example: Sequence[str] = ()) -> bytes:
    """core.xlsx's template without its example (headers, text-formatted columns), plus the notes sheet."""
    workbook = load_workbook(io.BytesIO(build_template(title=title, headers=headers)))
    sheet = workbook.worksheets[0]
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(NOTES_SHEET)
    help_sheet.column_dimensions["A"].width = 90
    _text(help_sheet.cell(row=1, column=1), f"{title}填写说明")
    help_sheet.cell(row=1, column=1).font = Font(bold=True)
    line = 2
    for note in notes:
        cell = help_sheet.cell(row=line, column=1)
        _text(cell, note)
        cell.alignment = Alignment(wrap_text=True)
        line += 1
    if example:
        line += 1
        _text(
            help_sheet.cell(row=line, column=1),
            f"示例（导入时只读第一个工作表“{sheet.title}”，本页内容不会导入）：",
        )
        line += 1
        for index, (header, value) in enumerate(zip(headers, example, strict=False), start=1):
            _text(help_sheet.cell(row=line, column=index), header)
            _text(help_sheet.cell(row=line + 1, column=index), value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
