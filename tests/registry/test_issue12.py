"""Issue 12 for the registry: verdicts on pages, the filing past the plan's end, Chinese in the admin."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillup.registry import services_filing
from skillup.registry.models import Filing
from tests.factories import InstitutionFactory, PersonFactory


def _filing(cast, institution=None):
    return services_filing.filing_submit(
        actor=cast.institution if institution is None else cast.hr,
        institution=institution or cast.institution_org,
        items=[{"scheme": "vocational_certificate", "occupation": "焊工", "levels": ""}],
    )


def test_a_filing_valid_past_the_plans_end_is_approved_with_a_warning(cast, login):
    filing = _filing(cast)
    client = login(cast.hr)
    response = client.post(
        reverse("filing_decide", args=[filing.pk]),
        {"action": "approve", "valid_from": "2021-01-01", "valid_until": "2022-06-30"},
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("超过实施方案截止日 2021年12月31日" in t for t in texts)
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.APPROVED
    page = client.get(reverse("filing_detail", args=[filing.pk])).content.decode()
    assert "有效期超过实施方案截止日 2021年12月31日" in page


def test_a_filing_within_the_plan_has_no_warning(cast, login):
    filing = _filing(cast)
    client = login(cast.hr)
    client.post(
        reverse("filing_decide", args=[filing.pk]),
        {"action": "approve", "valid_from": "2021-01-01", "valid_until": "2021-12-31"},
    )
    assert "超过实施方案截止日" not in client.get(reverse("filing_detail", args=[filing.pk])).content.decode()


def test_only_hr_sees_the_filing_decision_forms_and_the_apply_button(cast, login):
    filing = _filing(cast)
    assert "批准备案" in login(cast.hr).get(reverse("filing_detail", args=[filing.pk])).content.decode()
    assert (
        "批准备案" not in login(cast.auditor).get(reverse("filing_detail", args=[filing.pk])).content.decode()
    )
    assert "申请备案</a>" in login(cast.institution).get(reverse("filing_list")).content.decode()
    assert "申请备案</a>" not in login(cast.auditor).get(reverse("filing_list")).content.decode()


def test_the_reveal_button_follows_the_verdict(cast, login):
    url = reverse("person_detail", args=[cast.trainee_person.pk])
    assert reverse("person_reveal", args=[cast.trainee_person.pk]) in login(cast.hr).get(url).content.decode()
    assert (
        reverse("person_reveal", args=[cast.trainee_person.pk])
        not in login(cast.dept).get(url).content.decode()
    )


def test_the_person_admin_shows_group_names_never_codes(cast, login):
    person = PersonFactory(groups=",employee,")
    page = login(cast.hradmin).get(reverse("admin:registry_person_change", args=[person.pk])).content.decode()
    assert ",employee," not in page and "企业职工" in page


def test_the_lockout_admin_reads_in_chinese(cast, login):
    client = login(cast.hradmin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "登录安全" in index and "登录失败记录" in index
    assert "Access attempts" not in index and "Axes" not in index
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        user_agent="test",
        ip_address="10.0.0.1",
        username="x",
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "IP 地址" in page and "User Agent" not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_people_list_queries_do_not_grow_with_the_rows(cast, login):
    client = login(cast.hr)
    PersonFactory.create_batch(5, employer=cast.enterprise_org)
    few = _queries(client, reverse("people_list"))
    PersonFactory.create_batch(25, employer=cast.enterprise_org)
    assert _queries(client, reverse("people_list")) == few


def test_the_filing_list_queries_do_not_grow_with_the_rows(cast, login):
    client = login(cast.hr)
    _filing(cast)
    few = _queries(client, reverse("filing_list"))
    for _ in range(10):
        _filing(cast, InstitutionFactory().organisation)
    assert _queries(client, reverse("filing_list")) == few
