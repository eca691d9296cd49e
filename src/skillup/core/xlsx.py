"""Spreadsheets the way an officer expects them: a title row, Chinese headers, a frozen header, amounts
as numbers with two decimals, and a totals row."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


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
    ws.title = title[:31]
    ws.append([title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(headers), 1))
    header_row = 2
    if subtitle:
        ws.append([subtitle])
        header_row = 3
    ws.append(list(headers))
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
        ws.append(values)
    first_data = header_row + 1
    last_data = header_row + count
    if totals_at:
        total_row = ["合计"] + [""] * (len(headers) - 1)
        for i, total in sums.items():
            total_row[i] = total if i in money else int(total)
        ws.append(total_row)
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


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
