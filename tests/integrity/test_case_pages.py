"""Case pages: opening from findings, the case page per role (others' cases 404, the institution reads
its own without the working file), evidence uploads checked by content and size (a refused upload
leaves nothing), the scoped download, outcomes from the page, and Finance's receivables page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from skillup.integrity import evidence as evidence_files
from skillup.integrity import services_cases
from skillup.integrity.models import Case, CaseEvent, Evidence
from skillup.subsidies.models import Claim
from tests.integrity.support import finding
from tests.subsidies.factories import advance, claims_for_class, finished_class, paid_batch

pytestmark = pytest.mark.django_db
K = CaseEvent.Kind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _case(cast, *, assignee=None, klass=None):
    klass = klass or claims_for_class(cast, people=2)[0].klass
    return services_cases.case_open(
        actor=cast.hr, findings=[finding(klass=klass)], title="众鑫学校代刷签到核查", assignee=assignee
    )


def _stored_files(settings):
    folder = settings.MEDIA_ROOT / evidence_files.FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_hr_opens_a_case_from_the_chosen_findings(cast, login):
    klass = claims_for_class(cast, people=1)[0].klass
    f1, f2 = finding(klass=klass), finding(klass=klass, signal="backfilled", score="0.70")
    client = login(cast.hr)
    page = client.get(reverse("integrity:case_new"), {"findings": f"{f1.pk},{f2.pk}"}).content.decode()
    assert f"#{f1.pk}" in page and f"#{f2.pk}" in page and "立案" in page
    r = client.post(
        reverse("integrity:case_new"),
        {"findings": f"{f1.pk},{f2.pk}", "title": "众鑫学校核查", "assignee": cast.auditor.pk},
    )
    case = Case.objects.get()
    assert r.status_code == 302 and r.url == reverse("integrity:case", args=[case.code])
    assert case.assignee == cast.auditor and case.findings.count() == 2


def test_a_new_case_page_takes_junk_and_explains(cast, login):
    client = login(cast.hr)
    assert (
        "没有选中线索" in client.get(reverse("integrity:case_new"), {"findings": "abc,,-1"}).content.decode()
    )
    f = finding(klass=claims_for_class(cast, people=1)[0].klass)
    page = client.post(reverse("integrity:case_new"), {"findings": str(f.pk), "title": ""}).content.decode()
    assert "请填写案件名称" in page and not Case.objects.exists()
    assert login(cast.auditor).get(reverse("integrity:case_new")).status_code == 403


@pytest.mark.parametrize(
    "who, status",
    [
        ("hr", 200),
        ("hradmin", 200),
        ("auditor", 200),
        ("finance", 200),
        ("dept", 200),
        ("other_dept", 404),
        ("institution", 200),
        ("other_institution", 404),
        ("enterprise", 403),
        ("trainee", 403),
    ],
)
def test_who_reads_a_case(cast, login, who, status):
    case = _case(cast)
    assert login(getattr(cast, who)).get(reverse("integrity:case", args=[case.code])).status_code == status
    listed = login(getattr(cast, who)).get(reverse("integrity:cases"))
    if status == 200:
        assert case.code in listed.content.decode()
    elif status == 404:
        assert case.code not in listed.content.decode()


def test_the_institution_reads_its_case_without_the_working_file(cast, login):
    case = _case(cast, assignee=cast.auditor)
    services_cases.case_step_record(
        actor=cast.auditor, case=case, kind=K.NOTE, data={"text": "内部记录：拟调取监控"}
    )
    services_cases.case_evidence_add(
        actor=cast.auditor, case=case, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")
    )
    ev = Evidence.objects.get()
    page = login(cast.institution).get(reverse("integrity:case", args=[case.code])).content.decode()
    assert case.title in page and "拟调取监控" not in page and "a.pdf" not in page
    assert 'name="kind"' not in page and 'data-testid="close"' not in page
    url = reverse("integrity:case_evidence", args=[case.code, ev.pk])
    assert login(cast.institution).get(url).status_code == 404
    assert login(cast.other_institution).get(url).status_code == 404
    assert login(cast.other_dept).get(url).status_code == 404
    r = login(cast.hr).get(url)
    assert r.status_code == 200 and r.content == b"%PDF-1.4 test"
    assert r["X-Content-Type-Options"] == "nosniff" and "no-store" in r["Cache-Control"]
    assert "拟调取监控" in login(cast.dept).get(reverse("integrity:case", args=[case.code])).content.decode()


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buf.getvalue()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("询问笔录.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("现场照片.jpg", b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        ("签到表截图.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("花名册核对.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("情况说明.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("电话录音.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        ("约谈录音.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
    ],
)
def test_the_assignee_uploads_evidence_of_each_kind(cast, login, settings, name, content, content_type):
    case = _case(cast, assignee=cast.auditor)
    r = login(cast.auditor).post(
        reverse("integrity:case_evidence_upload", args=[case.code]),
        {"file": SimpleUploadedFile(name, content), "note": "核查取得"},
    )
    assert r.status_code == 302
    ev = Evidence.objects.get()
    assert (ev.original_name, ev.content_type, ev.size) == (name, content_type, len(content))
    assert len(ev.sha256) == 64 and name not in ev.stored_name
    assert _stored_files(settings) == [ev.stored_name]
    assert ev.event.kind == K.EVIDENCE and ev.event.case == case


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("报告.pdf", b"MZ\x90\x00 an executable", "按文件内容识别"),
        ("页面.pdf", b"<html><script>alert(1)</script></html>", "按文件内容识别"),
        ("压缩包.docx", b"PK\x03\x04 not really a zip", "按文件内容识别"),
        ("空.pdf", b"", "空文件"),
        ("很大.pdf", b"%PDF-" + b"0" * evidence_files.MAX_BYTES, "不能超过 10 MB"),
    ],
)
def test_a_wrong_or_too_big_file_is_refused_in_chinese_and_nothing_is_stored(
    cast, login, settings, name, content, message
):
    case = _case(cast, assignee=cast.auditor)
    page = login(cast.auditor).post(
        reverse("integrity:case_evidence_upload", args=[case.code]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert page.status_code == 200 and message in page.content.decode()
    assert not Evidence.objects.exists() and not case.events.filter(kind=K.EVIDENCE).exists()
    assert _stored_files(settings) == []


def test_a_failed_write_leaves_no_file_behind(cast, settings, monkeypatch):
    case = _case(cast, assignee=cast.auditor)

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services_cases.audit, "record", boom)
    with pytest.raises(RuntimeError):
        services_cases.case_evidence_add(
            actor=cast.auditor, case=case, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        )
    assert _stored_files(settings) == [] and not Evidence.objects.exists()


def test_steps_from_the_page_show_what_is_missing(cast, login):
    case = _case(cast, assignee=cast.auditor)
    client = login(cast.auditor)
    url = reverse("integrity:case_step", args=[case.code])
    page = client.post(url, {"kind": "onsite", "place": "实训基地"}).content.decode()
    assert "请填写核查日期" in page and "请填写核查情况" in page
    assert not case.events.filter(kind=K.ONSITE).exists()
    r = client.post(url, {"kind": "onsite", "place": "实训基地", "on": "2021-06-12", "seen": "教室无人上课"})
    assert r.status_code == 302 and case.events.filter(kind=K.ONSITE).count() == 1
    assert client.post(url, {"kind": "bogus"}).status_code == 404
    assert login(cast.finance).post(url, {"kind": "note", "text": "x"}).status_code == 403


def test_outcomes_from_the_page_keep_four_eyes(cast, login):
    case = _case(cast, assignee=cast.hr)
    url = reverse("integrity:case_close", args=[case.code])
    page = login(cast.hr).post(url, {"outcome": "cleared", "reason": "培训真实有效"}).content.decode()
    assert "另一名人社局人员" in page
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    r = login(cast.hradmin).post(url, {"outcome": "cleared", "reason": "培训真实有效"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "cleared"
    page = login(cast.hradmin).get(reverse("integrity:case", args=[case.code])).content.decode()
    assert 'data-testid="outcome"' in page and 'data-testid="close"' not in page


def test_a_confirmed_case_page_shows_receivables_and_suspends_the_filing(cast, login):
    claims = advance(cast, claims_for_class(cast, people=2))
    paid_batch(cast, claims)
    case = _case(cast, klass=claims[0].klass)
    client = login(cast.hr)
    client.post(
        reverse("integrity:case_close", args=[case.code]), {"outcome": "confirmed", "reason": "代刷签到属实"}
    )
    page = client.get(reverse("integrity:case", args=[case.code])).content.decode()
    assert 'data-testid="owed"' in page and "7,000.00" in page
    r = client.post(reverse("integrity:case_suspend", args=[case.code]), {"reason": "虚假培训"}, follow=True)
    assert "已暂停该机构的备案" in r.content.decode()
    case.refresh_from_db()
    assert case.filing_suspended


def test_finance_records_a_repayment_on_the_receivables_page(cast, login):
    claims = advance(cast, claims_for_class(cast, people=1))
    paid_batch(cast, claims)
    case = _case(cast, klass=claims[0].klass)
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="代刷签到属实")
    client = login(cast.finance)
    page = client.get(reverse("fund_receivables")).content.decode()
    assert case.code in page and 'data-testid="owed-total">3,500.00<' in page
    url = reverse("fund_repayment", args=[claims[0].pk])
    r = client.post(url, {"amount": "9999", "memo": ""}, follow=True)
    assert "超过尚欠的 3,500.00 元" in r.content.decode()
    r = client.post(url, {"amount": "3500.00", "memo": "机构退回"}, follow=True)
    assert "已登记到账" in r.content.decode()
    assert "没有应收追回款" in client.get(reverse("fund_receivables")).content.decode()
    assert case.code in client.get(reverse("fund_receivables"), {"state": "settled"}).content.decode()
    r = client.get(reverse("fund_receivables"), {"format": "xlsx", "state": "all"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert claims[0].pk in [row[0] for row in ws.iter_rows(values_only=True)]
    assert (
        'name="amount"'
        not in login(cast.hr).get(reverse("fund_receivables"), {"state": "all"}).content.decode()
    )
    assert login(cast.hr).post(url, {"amount": "1"}).status_code == 403
    assert login(cast.dept).get(reverse("fund_receivables")).status_code == 403
    assert Claim.objects.get(pk=claims[0].pk).status == Claim.Status.PAID


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_case_list_and_page_take_a_fixed_number_of_queries(cast, login):
    client = login(cast.hr)
    first = _case(cast, assignee=cast.auditor)
    before = {"list": _queries(client, reverse("integrity:cases"))}
    before["case"] = _queries(client, reverse("integrity:case", args=[first.code]))
    for _ in range(3):
        _case(cast, assignee=cast.auditor)
    klass = finished_class(cast, people=1)
    services_cases.case_findings_add(actor=cast.hr, case=first, findings=[finding(klass=klass)])
    for i in range(3):
        services_cases.case_step_record(actor=cast.hr, case=first, kind=K.NOTE, data={"text": f"记录{i}"})
    assert _queries(client, reverse("integrity:cases")) <= before["list"]
    assert _queries(client, reverse("integrity:case", args=[first.code])) <= before["case"]


def test_the_case_list_exports_to_xlsx(cast, login):
    case = _case(cast)
    r = login(cast.hr).get(reverse("integrity:cases"), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert case.code in [row[0] for row in ws.iter_rows(values_only=True)]


def test_hr_ticks_findings_on_the_risk_list_and_opens_a_case_from_them(cast, login):
    klass = claims_for_class(cast, people=1)[0].klass
    f1, f2 = finding(klass=klass), finding(klass=klass, signal="backfilled", score="0.70")
    client = login(cast.hr)
    page = client.get(reverse("integrity:findings")).content.decode()
    assert f'name="findings" value="{f1.pk}"' in page and 'id="case-from-findings"' in page
    # The ticked rows arrive as ?findings=1&findings=2.
    page = client.get(reverse("integrity:case_new"), {"findings": [f1.pk, f2.pk]}).content.decode()
    assert f'value="{f1.pk},{f2.pk}"' in page
    assert (
        'id="case-from-findings"'
        not in login(cast.auditor).get(reverse("integrity:findings")).content.decode()
    )


def test_the_finding_page_offers_a_case_until_one_is_open_and_links_it(cast, login):
    f = finding(klass=claims_for_class(cast, people=1)[0].klass)
    url = reverse("integrity:finding", args=[f.pk])
    assert 'data-testid="open-case"' in login(cast.hr).get(url).content.decode()
    assert 'data-testid="open-case"' not in login(cast.auditor).get(url).content.decode()
    case = services_cases.case_open(actor=cast.hr, findings=[f], title="核查")
    page = login(cast.hr).get(url).content.decode()
    assert 'data-testid="open-case"' not in page
    assert reverse("integrity:case", args=[case.code]) in page
