"""Issue 12 defect 4 and the audit part of defect 10: the audit log reads in Chinese, with whole values."""

import io
import re
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts import audit, audit_labels
from skillup.accounts.models import AuditEntry


def _record(action, obj=None, changes=None, **kw):
    with transaction.atomic():
        return audit.record(actor=None, action=action, obj=obj, changes=changes or {}, **kw)


def test_a_status_recorded_as_one_value_is_shown_whole_never_sliced(cast, login):
    # claim.review.* rows record {"status": "checked"}: the old page showed "status: c → h".
    _record(
        "claim.review.check.passed",
        object_type="subsidies.claim",
        object_id="7",
        changes={"status": "checked"},
    )
    from skillup.subsidies.models import Claim

    page = login(cast.auditor).get(reverse("audit_list")).content.decode()
    shown = re.sub(r'value="[^"]*"', "", page)
    assert "c → h" not in page
    assert "补贴审核：自动审核通过" in shown
    assert "claim.review.check.passed" not in shown
    assert f"状态：{Claim.Status('checked').label}" in shown


def test_a_change_shows_chinese_field_names_and_whole_before_and_after(cast, login):
    _record(
        "person.update_contact", obj=cast.trainee_person, changes={"phone": ["13800000000", "13900000001"]}
    )
    page = login(cast.auditor).get(reverse("audit_list")).content.decode()
    assert "修改联系方式" in page
    assert "13800000000 → 13900000001" in page
    assert re.search(rf"人员\S*\s+{cast.trainee_person.pk}", page)


def test_the_filters_are_chinese_and_filter_by_action_and_by_object(cast, login):
    _record("plan.submit", object_type="planning.annualplan", object_id="1", summary="计划一")
    _record("plan.return", object_type="planning.annualplan", object_id="2", summary="计划二")
    _record("person.update_contact", obj=cast.trainee_person, summary="摘要丙")
    client = login(cast.hradmin)
    page = client.get(reverse("audit_list")).content.decode()
    assert '<option value="plan.submit">报送计划</option>' in page
    assert "person.reveal_id" not in re.sub(r'value="[^"]*"', "", page)  # codes only as option values

    by_action = client.get(reverse("audit_list"), {"action": "plan.return"}).content.decode()
    assert "计划二" in by_action and "计划一" not in by_action
    by_name = client.get(reverse("audit_list"), {"q": "计划"}).content.decode()
    assert "计划一" in by_name and "计划二" in by_name and "摘要丙" not in by_name
    by_object = client.get(reverse("audit_list"), {"object_type": "planning.annualplan", "object": "1"})
    assert "计划一" in by_object.content.decode() and "计划二" not in by_object.content.decode()


def test_an_object_is_found_by_its_business_number(cast, login):
    _record("organisation.update", obj=cast.department, summary="经信局改名")
    _record("organisation.update", obj=cast.other_department, summary="应急局改名")
    page = (
        login(cast.auditor)
        .get(reverse("audit_list"), {"object_type": "registry.organisation", "object": "jxj"})
        .content.decode()
    )
    assert "经信局改名" in page and "应急局改名" not in page


def test_the_export_has_chinese_names_whole_values_and_the_page_filters(cast, login):
    _record(
        "claim.review.hr.approved",
        object_type="subsidies.claim",
        object_id="3",
        changes={"status": "hr_approved", "amount": "1200.00"},
    )
    _record("plan.submit", object_type="planning.annualplan", object_id="1")
    response = login(cast.auditor).get(reverse("audit_list"), {"format": "xlsx", "q": "审核"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "审计日志"
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    actions = [r[4] for r in rows if r[0] is not None and isinstance(r[0], int)]
    assert actions == ["补贴审核：人社局审核通过"]
    assert "补贴金额（元）：1200.00" in rows[0][8]


def test_under_a_fixed_business_date_the_trail_keeps_real_time_and_shows_both(cast, login, settings):
    settings.SKILLUP_TODAY = "2020-03-01"
    entry = _record("plan.submit", object_type="planning.annualplan", object_id="1")
    assert entry.at.year >= 2025 and str(entry.business_date) == "2020-03-01"
    assert audit.verify() is None  # the business date is part of the hashed row
    page = login(cast.auditor).get(reverse("audit_list")).content.decode()
    assert "业务日期 2020-03-01" in page
    assert entry.at.astimezone().strftime("%Y") in page


def test_a_row_without_a_business_date_keeps_its_old_hash(cast, settings):
    settings.SKILLUP_TODAY = ""
    settings_free = _record("plan.submit", object_type="planning.annualplan", object_id="1")
    assert settings_free.business_date is None
    assert audit.verify() is None


def test_the_page_runs_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for i in range(40):
        _record(
            "plan.submit",
            object_type="planning.annualplan",
            object_id=str(i),
            changes={"status": ["draft", "submitted"]},
        )
    client = login(cast.auditor)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("audit_list")).status_code == 200


def test_every_action_code_the_services_write_has_a_chinese_name():
    src = Path(audit.__file__).parents[1]
    codes = set()
    for path in src.rglob("*.py"):
        text = path.read_text()
        for match in re.finditer(r'(?:action=|_audit\(\s*|audit_row\(\s*)"([a-z_]+\.[a-z_.]+)"', text):
            codes.add(match.group(1))
    assert codes, "the scan found no codes"
    missing = sorted(c for c in codes if c not in audit_labels.ACTIONS)
    assert missing == []


def test_other_roles_do_not_see_the_audit_log(cast, login):
    _record("plan.submit", object_type="planning.annualplan", object_id="1", summary="摘要甲")
    assert login(cast.hr).get(reverse("audit_list")).status_code == 403
    assert login(cast.hr).get(reverse("audit_list"), {"format": "xlsx"}).status_code == 403
    assert AuditEntry.objects.count() == 1
