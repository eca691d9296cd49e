"""Issue 12 for planning: one rule per action, save-then-submit in one transaction, the plan that counts
(defect 7), no developer notes (defect 8), the plan form pre-filled, and the small items."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from skillup.accounts import audit
from skillup.accounts.models import AuditEntry
from skillup.fund.models import Budget
from skillup.fund.services import budget_set
from skillup.planning import demo, services
from skillup.planning.models import AnnualPlan
from skillup.policy.catalogue import scheme_names
from tests.planning.factories import ClaimFactory

LINE = {
    "scheme": "vocational_certificate",
    "person_times": "300",
    "standard_percent": "100",
    "uplift_percent": "0",
    "budget": "720000.00",
}
FORM = {
    "year": "2021",
    "pt_vocational_certificate": "300",
    "std_vocational_certificate": "100",
    "up_vocational_certificate": "0",
    "budget_vocational_certificate": "720000.00",
    "note": "说明",
}


def _plan(cast, year=2021, lines=(LINE,)):
    return services.plan_save(actor=cast.dept, department=cast.department, year=year, lines=list(lines))


def _acknowledged(cast, year=2021):
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast, year))
    services.plan_acknowledge(actor=cast.hr, plan=plan)
    return services.plan_acknowledge(actor=cast.finance, plan=plan)


def test_save_then_submit_is_one_transaction(cast, monkeypatch):
    real = audit.record

    def failing(**kw):
        if kw["action"] == "plan.submit":
            raise RuntimeError("the submit step fails")
        return real(**kw)

    monkeypatch.setattr(services.audit, "record", failing)
    with pytest.raises(RuntimeError):
        services.plan_save(actor=cast.dept, department=cast.department, year=2021, lines=[LINE], submit=True)
    assert not AnnualPlan.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="plan.").exists()


def test_the_form_saves_and_submits_in_one_call(cast, login):
    response = login(cast.dept).post(reverse("planning:plan_new"), {**FORM, "action": "submit"})
    plan = AnnualPlan.objects.get()
    assert response.status_code == 302 and plan.status == AnnualPlan.Status.SUBMITTED
    rows = list(AuditEntry.objects.filter(object_id=str(plan.pk)).values_list("action", "request_id"))
    assert [a for a, _ in rows] == ["plan.save", "plan.submit"]


def test_the_plan_button_is_gone_once_the_years_plan_is_filed(cast, login, settings):
    settings.SKILLUP_TODAY = "2021-01-10"
    client = login(cast.dept)
    assert "编制2021年度计划" in client.get(reverse("planning:plan_list")).content.decode()
    services.plan_submit(actor=cast.dept, plan=_plan(cast))
    assert "编制2021年度计划" not in client.get(reverse("planning:plan_list")).content.decode()
    page = client.get(reverse("planning:plan_new") + "?year=2021", follow=True).content.decode()
    assert "已已" not in page and "计划当前为“已报送待备案”" in page


def test_a_filed_plan_refuses_changes_without_the_doubled_word(cast):
    _acknowledged(cast)
    with pytest.raises(Exception) as exc:
        _plan(cast)
    assert "已已" not in str(exc.value) and "“已备案”" in str(exc.value)


def test_plan_detail_offers_only_what_the_viewer_may_do(cast, login):
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    dept_page = login(cast.dept).get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert "报送备案" not in dept_page and "修改</a>" not in dept_page
    hr_page = login(cast.hr).get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert ">备案</button>" in hr_page and "退回修改" in hr_page
    services.plan_acknowledge(actor=cast.hr, plan=plan)
    hr_again = login(cast.hr).get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert ">备案</button>" not in hr_again  # HR has acknowledged; Finance still may
    assert (
        ">备案</button>"
        in login(cast.finance).get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    )


def test_a_new_plan_starts_from_last_years_plan_and_shows_the_figures(cast, login, settings):
    settings.SKILLUP_TODAY = "2021-01-10"
    _plan(cast, year=2020, lines=[{**LINE, "person_times": "250", "budget": "600000.00"}])
    ClaimFactory(
        department=cast.department,
        entitlement_date=__import__("datetime").date(2020, 6, 1),
        amount=Decimal("2400.00"),
    )
    page = login(cast.dept).get(reverse("planning:plan_new") + "?year=2021").content.decode()
    assert 'name="pt_vocational_certificate" value="250"' in page
    assert "已按 2020 年度计划预填" in page
    assert "250 / 600,000.00" in page  # last year's plan beside the row
    assert "1 / 2,400.00" in page  # last year's subsidised person-times and amount


def test_dashboard_and_ranking_agree_a_plan_waiting_for_finance_does_not_count(cast, login, settings):
    settings.SKILLUP_TODAY = "2021-06-15"
    plan = services.plan_submit(actor=cast.dept, plan=_plan(cast))
    services.plan_acknowledge(actor=cast.hr, plan=plan)  # Finance has not acknowledged yet
    budget_set(actor=cast.hr, department=cast.department, year=2021, amount=Decimal("8000000"), source="hr")
    client = login(cast.hr)
    dashboard = client.get(reverse("planning:dashboard") + "?year=2021").content.decode()
    row = re.search(r"<tr><td>经信局</td>.*?</tr>", dashboard).group(0)
    assert "未备案计划" in row and "8,000,000" not in row
    ranking = client.get(reverse("planning:ranking") + "?year=2021").content.decode()
    assert re.search(r"经信局\s*<span[^>]*>未备案计划</span>", ranking)
    services.plan_acknowledge(actor=cast.finance, plan=plan)
    dashboard = client.get(reverse("planning:dashboard") + "?year=2021").content.decode()
    row = re.search(r"<tr><td>经信局</td>.*?</tr>", dashboard).group(0)
    assert "未备案计划" not in row and "720,000.00" in row
    ranking = client.get(reverse("planning:ranking") + "?year=2021").content.decode()
    assert not re.search(r"经信局\s*<span[^>]*>未备案计划</span>", ranking)


def test_the_demo_keeps_no_placeholder_budget_for_a_department_without_a_plan(cast):
    budget_set(actor=cast.hr, department=cast.department, year=2021, amount=Decimal("8000000"), source="hr")
    budget_set(
        actor=cast.hr, department=cast.other_department, year=2021, amount=Decimal("8000000"), source="hr"
    )
    ClaimFactory(department=cast.other_department, amount=Decimal("12345.00"), status="checked")
    demo._interim_budgets(cast.hr, counted=set())
    assert Budget.objects.get(department=cast.department, year=2021).amount == Decimal("0")
    assert Budget.objects.get(department=cast.other_department, year=2021).amount == Decimal("20000")


def test_the_plan_form_names_the_scheme_never_a_row_or_a_field_code(cast, login):

    response = login(cast.dept).post(
        reverse("planning:plan_new"), {**FORM, "std_vocational_certificate": "120", "action": "save"}
    )
    page = response.content.decode()
    name = scheme_names()["vocational_certificate"]
    assert f"{name}：执行标准应在 0–100% 之间" in page
    assert "第1行" not in page and "standard_percent" not in page
    assert not AnnualPlan.objects.exists()
