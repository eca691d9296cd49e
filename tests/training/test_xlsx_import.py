"""Uploads are judged by their bytes: anything but a clean, visible, formula-free roster is refused with
a Chinese message before anything is read into the database."""

import io
import zipfile

import pytest

from skillup.core import xlsx_import
from skillup.core.errors import RuleViolation
from skillup.core.xlsx import build_template
from tests.training.helpers import xlsx

HEADERS = ("身份证号", "姓名", "手机号", "人员类别")


def _refused(content, **kw) -> str:
    with pytest.raises(RuleViolation) as exc:
        xlsx_import.read_rows(content, headers=HEADERS, **kw)
    return exc.value.errors[0].message


def test_it_reads_rows_with_their_sheet_row_numbers():
    rows = xlsx_import.read_rows(
        xlsx([["330604199001011234", "张三", 13800000000, "企业职工"]]), headers=HEADERS
    )
    assert rows == [(2, ["330604199001011234", "张三", "13800000000", "企业职工"])]


def test_a_csv_renamed_to_xlsx_is_refused():
    assert "不是 Excel" in _refused("身份证号,姓名\n1,2\n".encode())


def test_a_zip_without_content_types_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<x/>")
    assert "不是 Excel" in _refused(out.getvalue())


def test_a_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED", 10_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("xl/sheet.xml", "0" * 50_000)
    assert "解压后超过" in _refused(out.getvalue())


def test_a_formula_is_refused():
    assert "公式" in _refused(xlsx([], formula="1+1"))


def test_a_hidden_sheet_is_refused():
    assert "隐藏工作表" in _refused(xlsx([["330604199001011234", "张三", "", "企业职工"]], hidden=True))


def test_wrong_headers_are_refused():
    assert "表头应为" in _refused(xlsx([["x", "y", "z", "w"]], headers=("姓名", "身份证号", "电话", "类别")))


def test_too_many_rows_are_refused():
    rows = [["330604199001011234", "张三", "", "企业职工"]] * 6
    assert "超过 5 行" in _refused(xlsx(rows), max_rows=5)


def test_the_template_reads_back_as_a_valid_empty_roster():
    content = build_template(title="学员名册", headers=HEADERS)
    assert xlsx_import.read_rows(content, headers=HEADERS) == []


def test_a_package_with_a_broken_sheet_is_refused_not_crashed():
    good = io.BytesIO(xlsx([["330604199001011234", "张三", "", "企业职工"]]))
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    message = _refused(broken.getvalue())
    assert "损坏" in message or "无法读取" in message


def test_an_array_formula_is_refused_too():
    from openpyxl import Workbook
    from openpyxl.worksheet.formula import ArrayFormula

    wb = Workbook()
    ws = wb.active
    ws.append(list(HEADERS))
    ws["A2"] = ArrayFormula("A2", "=SUM(B1:B2)")
    out = io.BytesIO()
    wb.save(out)
    assert "公式" in _refused(out.getvalue())
