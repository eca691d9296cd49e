"""The integrity pages, told per role: the risk list and its spreadsheet, a finding's page and its clear
form, the findings on the class, claim and person pages, the scan runs with 立即扫描, the overview, the
home tile and the menu entry."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.integrity.models import Finding, ScanRun
from tests.integrity.factories import (
    claim_finding,
    class_finding,
    open_case,
    person_finding,
    shared_phone_class,
)
from tests.subsidies.factories import claims_for_class, finished_class

pytestmark = pytest.mark.django_db

READERS = ["hr", "hradmin", "auditor"]
OTHERS = ["dept", "finance", "institution", "enterprise", "trainee", "outsider"]


@pytest.fixture
def flagged(cast):
    """Three claims of a class with a face-terminal finding on it."""
    claims = claims_for_class(cast, people=3)
    return class_finding(claims[0].klass)


def _user(cast, name):
    return getattr(cast, name)


# The risk list


@pytest.mark.parametrize("who", READERS)
def test_the_risk_list_shows_flagged_findings_to_hr_and_the_auditor(cast, login, flagged, who):
    page = login(_user(cast, who)).get(reverse("integrity:findings"))
    assert page.status_code == 200
    body = page.content.decode()
    assert f"线索 #{flagged.pk}" in body and "代签到" in body and flagged.klass.code in body
    assert reverse("integrity:finding", args=[flagged.pk]) in body


@pytest.mark.parametrize("who", OTHERS)
def test_the_risk_list_is_refused_to_everyone_else_with_the_reason(cast, login, flagged, who):
    page = login(_user(cast, who)).get(reverse("integrity:findings"))
    assert page.status_code == 403
    assert "只有人社局和第三方评估" in page.content.decode()


def test_the_risk_list_filters_and_shows_the_filters_back(cast, login, flagged):
    low = class_finding(flagged.klass, signal="shared_phones", score="0.30")
    client = login(cast.hr)
    body = client.get(reverse("integrity:findings")).content.decode()
    assert f"线索 #{low.pk}" not in body and 'value="0.50"' in body
    body = client.get(
        reverse("integrity:findings"), {"min_score": "0", "signal": "shared_phones"}
    ).content.decode()
    assert f"线索 #{low.pk}" in body and f"线索 #{flagged.pk}" not in body


def test_a_bad_minimum_score_is_a_message_not_an_error_page(cast, login, flagged):
    page = login(cast.hr).get(reverse("integrity:findings"), {"min_score": "很高"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "最低风险分：请填写 0 到 1 之间的数字" in body and f"线索 #{flagged.pk}" not in body


def test_the_risk_list_runs_the_same_queries_with_more_findings(cast, login, flagged):
    client = login(cast.hr)
    url = reverse("integrity:findings")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = count()
    for claim in claims_for_class(cast, people=4):
        claim_finding(claim)
    person_finding(cast.trainee_person)
    class_finding(finished_class(cast, people=1, institution=cast.other_institution_org))
    assert Finding.objects.count() == 7
    assert count() <= before


def test_the_risk_list_page_has_a_fixed_query_budget(cast, login, flagged, django_assert_max_num_queries):
    for claim in claims_for_class(cast, people=5):
        claim_finding(claim)
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("integrity:findings")).status_code == 200


def test_the_risk_list_exports_what_it_lists(cast, login, flagged):
    class_finding(flagged.klass, signal="shared_phones", score="0.30")
    response = login(cast.auditor).get(reverse("integrity:findings"), {"format": "xlsx", "status": "open"})
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == flagged.pk]
    assert len(rows) == 1
    (row,) = rows
    assert row[2] == "代签到" and row[5] == flagged.klass.code and row[10] == "待处理"
    assert not any(r and r[2] == "多人共用手机号" for r in sheet.iter_rows(values_only=True))


# A finding's page


def test_a_findings_page_explains_it_with_its_evidence_and_subject(cast, login, flagged):
    body = login(cast.hr).get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    assert flagged.detail in body
    assert reverse("training_class_detail", args=[flagged.klass.code]) in body
    assert 'data-testid="evidence-attendance"' in body
    person = flagged.klass.enrolments.order_by("id").first().person
    assert person.name in body and reverse("person_detail", args=[person.pk]) in body
    assert "2021-05-10 08:12:00" in body
    assert f"扫描 #{flagged.first_run_id}" in body


def test_a_findings_page_lists_its_cases_and_who_cleared_it(cast, login, flagged):
    case = open_case(cast, flagged, code="HC20210042")
    flagged.status, flagged.cleared_by, flagged.clear_reason = "cleared", cast.auditor, "电话回访均确认到课"
    flagged.save()
    body = login(cast.hr).get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    assert case.code in body and "电话回访均确认到课" in body and cast.auditor.display_name in body


def test_a_claim_findings_page_links_the_claim_its_class_and_person(cast, login):
    claim = claims_for_class(cast, people=1)[0]
    finding = claim_finding(claim)
    body = login(cast.auditor).get(reverse("integrity:finding", args=[finding.pk])).content.decode()
    assert reverse("claim_detail", args=[claim.pk]) in body
    assert reverse("training_class_detail", args=[claim.klass.code]) in body
    assert reverse("person_detail", args=[claim.person_id]) in body
    assert 'data-testid="evidence-claims"' in body


@pytest.mark.parametrize(
    "who,status",
    [
        ("hr", 200),
        ("auditor", 200),
        ("dept", 200),
        ("other_dept", 404),
        ("institution", 404),
        ("other_institution", 404),
        ("finance", 404),
        ("enterprise", 404),
        ("trainee", 404),
        ("outsider", 404),
    ],
)
def test_a_findings_page_is_404_outside_its_readers(cast, login, flagged, who, status):
    assert login(_user(cast, who)).get(reverse("integrity:finding", args=[flagged.pk])).status_code == status


def test_the_institution_reads_its_finding_once_a_case_is_opened(cast, login, flagged):
    client = login(cast.institution)
    url = reverse("integrity:finding", args=[flagged.pk])
    assert client.get(url).status_code == 404
    open_case(cast, flagged)
    page = client.get(url)
    assert page.status_code == 200
    assert "排除此线索" not in page.content.decode()
    assert login(cast.other_institution).get(url).status_code == 404


def test_hr_clears_a_finding_with_a_reason_and_it_is_audited(cast, login, flagged):
    client = login(cast.hr)
    page = client.get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    assert "排除此线索" in page
    r = client.post(
        reverse("integrity:finding_clear", args=[flagged.pk]), {"reason": "现场核查：终端时钟故障"}
    )
    assert r.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == "cleared" and flagged.cleared_by == cast.hr
    assert AuditEntry.objects.filter(action="integrity.finding_clear", object_id=str(flagged.pk)).exists()
    page = client.get(r.url).content.decode()
    assert "已排除" in page and "现场核查：终端时钟故障" in page


def test_clearing_without_a_reason_says_what_to_write_and_changes_nothing(cast, login, flagged):
    r = login(cast.auditor).post(reverse("integrity:finding_clear", args=[flagged.pk]), {"reason": "好"})
    assert r.status_code == 400
    assert "请写明排除理由" in r.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == "open"


def test_nobody_clears_a_finding_they_raised(cast, login, flagged):
    Finding.objects.filter(pk=flagged.pk).update(source="spot_check", raised_by=cast.auditor)
    client = login(cast.auditor)
    page = client.get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    assert "排除此线索" not in page and "该线索由您本人提出" in page
    r = client.post(reverse("integrity:finding_clear", args=[flagged.pk]), {"reason": "我觉得没有问题"})
    assert r.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == "open"
    assert "该线索由您本人提出" in client.get(r.url).content.decode()


def test_a_department_reads_but_cannot_clear(cast, login, flagged):
    client = login(cast.dept)
    assert "排除此线索" not in client.get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    assert (
        client.post(
            reverse("integrity:finding_clear", args=[flagged.pk]), {"reason": "核实无问题"}
        ).status_code
        == 302
    )
    flagged.refresh_from_db()
    assert flagged.status == "open"


# Findings where officers work: the class, claim and person pages


def test_the_class_page_shows_its_findings_to_hr(cast, login, flagged):
    body = login(cast.hr).get(reverse("training_class_detail", args=[flagged.klass.code])).content.decode()
    assert 'data-testid="integrity-panel"' in body
    assert reverse("integrity:finding", args=[flagged.pk]) in body and "代签到" in body


def test_hr_sees_an_empty_panel_saying_nothing_was_found(cast, login):
    claim = claims_for_class(cast, people=1)[0]
    body = login(cast.hr).get(reverse("training_class_detail", args=[claim.klass.code])).content.decode()
    assert "未发现问题" in body


def test_the_class_page_shows_the_department_its_findings(cast, login, flagged):
    body = login(cast.dept).get(reverse("training_class_detail", args=[flagged.klass.code])).content.decode()
    assert reverse("integrity:finding", args=[flagged.pk]) in body


def test_the_institution_sees_no_panel_until_a_case_is_opened(cast, login, flagged):
    client = login(cast.institution)
    url = reverse("training_class_detail", args=[flagged.klass.code])
    body = client.get(url).content.decode()
    assert 'data-testid="integrity-panel"' not in body and "代签到" not in body
    open_case(cast, flagged)
    assert reverse("integrity:finding", args=[flagged.pk]) in client.get(url).content.decode()


def test_a_held_claims_page_says_why_its_money_is_held(cast, login, flagged):
    claim = flagged.klass.claims.order_by("id").first()
    body = login(cast.hr).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="integrity-hold"' in body and "所在班级有未处理的诚信线索" in body
    Finding.objects.filter(pk=flagged.pk).update(status="cleared")
    body = login(cast.hr).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert (
        'data-testid="integrity-hold"' not in body and reverse("integrity:finding", args=[flagged.pk]) in body
    )


def test_the_claim_page_shows_no_findings_to_finance(cast, login, flagged):
    claim = flagged.klass.claims.order_by("id").first()
    body = login(cast.finance).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="integrity-panel"' not in body


def test_the_person_page_shows_the_persons_findings(cast, login):
    finding = person_finding(cast.trainee_person)
    body = login(cast.auditor).get(reverse("person_detail", args=[cast.trainee_person.pk])).content.decode()
    assert reverse("integrity:finding", args=[finding.pk]) in body and "反复参训领补" in body
    body = (
        login(cast.enterprise).get(reverse("person_detail", args=[cast.trainee_person.pk])).content.decode()
    )
    assert "反复参训领补" not in body


def test_the_class_page_stays_within_its_query_budget_with_findings(cast, login, flagged):
    client = login(cast.hr)
    url = reverse("training_class_detail", args=[flagged.klass.code])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = count()
    for claim in flagged.klass.claims.all():
        claim_finding(claim)
    class_finding(flagged.klass, signal="backfilled")
    assert count() <= before


# Scan runs


def test_hr_scans_now_and_sees_the_run_with_its_thresholds(cast, login, django_capture_on_commit_callbacks):
    klass = shared_phone_class(cast)
    client = login(cast.hr)
    assert "立即扫描" in client.get(reverse("integrity:scans")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("integrity:scan_start"))
    run = ScanRun.objects.get()
    assert r.status_code == 302 and r.url == reverse("integrity:scan", args=[run.pk])
    run.refresh_from_db()
    assert run.status == "done" and run.started_by == cast.hr and run.trigger == "manual"
    body = client.get(r.url).content.decode()
    assert "已完成" in body and 'data-testid="thresholds"' in body and "PHONE_GROUP" in body
    assert "共用手机号：同一号码登记的学员达到此人数才计入" in body
    listed = client.get(reverse("integrity:findings"), {"run": run.pk}).content.decode()
    assert klass.code in listed
    assert f"扫描 #{run.pk}" in client.get(reverse("integrity:scans")).content.decode()


def test_a_second_scan_is_refused_while_one_is_running(cast, login):
    busy = ScanRun.objects.create(trigger="nightly", status="running")
    client = login(cast.hr)
    page = client.get(reverse("integrity:scans")).content.decode()
    assert "disabled" in page and f"scan-status-{busy.pk}" in page and 'hx-trigger="every 2s"' in page
    r = client.post(reverse("integrity:scan_start"), follow=True)
    assert f"扫描 #{busy.pk} 正在进行，请等它完成后再发起" in r.content.decode()
    assert ScanRun.objects.count() == 1


def test_the_progress_fragment_polls_until_the_run_ends(cast, login):
    run = ScanRun.objects.create(trigger="manual", status="queued", started_by=cast.hr)
    client = login(cast.auditor)
    url = reverse("integrity:scan_status", args=[run.pk])
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    ScanRun.objects.filter(pk=run.pk).update(status="done", findings_total=4, findings_new=2)
    body = client.get(url).content.decode()
    assert "hx-trigger" not in body and "线索 4 条，新增 2 条" in body


@pytest.mark.parametrize("who", ["auditor", "dept", "finance", "institution"])
def test_only_hr_may_scan_now(cast, login, who):
    client = login(_user(cast, who))
    r = client.post(reverse("integrity:scan_start"))
    assert r.status_code == 403 and "只有人社局可以发起诚信扫描" in r.content.decode()
    assert not ScanRun.objects.exists()


def test_the_auditor_reads_the_runs_without_the_button(cast, login):
    ScanRun.objects.create(trigger="nightly", status="done", engine_version="2026.12-1")
    body = login(cast.auditor).get(reverse("integrity:scans")).content.decode()
    assert "夜间定时扫描" in body and reverse("integrity:scan_start") not in body


@pytest.mark.parametrize("who", OTHERS)
def test_the_runs_are_not_for_other_roles(cast, login, who):
    run = ScanRun.objects.create(trigger="nightly", status="done")
    client = login(_user(cast, who))
    assert client.get(reverse("integrity:scans")).status_code == 403
    assert client.get(reverse("integrity:scan", args=[run.pk])).status_code == 404


# Overview, home tile, menu


def test_the_overview_has_tiles_and_chart_data(cast, login, flagged):
    page = login(cast.hr).get(reverse("integrity:overview"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="integrity-charts"' in body and "echarts.min.js" in body and "integrity-charts.js" in body
    assert page.context["tiles"]["open_flagged"] == 1
    assert page.context["charts"]["signals"][0]["name"] == "代签到"
    assert login(cast.hr).get(reverse("integrity:overview"), {"by": "class"}).status_code == 200
    assert login(cast.hr).get(reverse("integrity:overview"), {"by": "<x>"}).status_code == 200


@pytest.mark.parametrize("who", ["hr", "auditor"])
def test_hr_and_the_auditor_get_a_home_tile_that_counts_what_it_links(cast, login, flagged, who):
    class_finding(flagged.klass, signal="shared_phones", score="0.30")
    client = login(_user(cast, who))
    home = client.get("/")
    (tile,) = [t for t in home.context["todos"] if t.title == "待处理的诚信线索"]
    assert tile.count == 1
    listed = client.get(tile.url)
    assert listed.context["page_obj"].paginator.count == 1
    assert "诚信监管" in home.content.decode()


@pytest.mark.parametrize("who", ["dept", "finance", "institution", "trainee"])
def test_other_roles_get_neither_tile_nor_menu_entry(cast, login, flagged, who):
    home = login(_user(cast, who)).get("/")
    assert not [t for t in home.context["todos"] if t.title == "待处理的诚信线索"]
    assert f'href="{reverse("integrity:overview")}"' not in home.content.decode()


def test_the_auditor_follows_a_finding_to_its_audit_trail(
    cast, login, flagged, django_capture_on_commit_callbacks
):
    login(cast.hr).post(
        reverse("integrity:finding_clear", args=[flagged.pk]), {"reason": "现场核查：终端时钟故障"}
    )
    client = login(cast.auditor)
    page = client.get(reverse("integrity:finding", args=[flagged.pk])).content.decode()
    link = f"{reverse('audit_list')}?object_type=integrity.finding&amp;object={flagged.pk}"
    assert link in page
    trail = client.get(link.replace("&amp;", "&")).content.decode()
    assert "排除诚信线索" in trail
