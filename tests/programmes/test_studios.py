"""Skill-master studios (issue 15 item 2, 第18条): the life cycle through the services, who may do what,
the pages scoped per role (another organisation's studio is 404), the export and the public list."""

import io

import pytest
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.programmes import services
from skillup.programmes.models import Studio, StudioReview
from tests.factories import PersonFactory, id_number_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def master_number(cast):
    number = id_number_for(4101)
    PersonFactory(number=number, name="陈大师", employer=cast.enterprise_org)
    return number


def _apply(cast, number, **extra):
    data = {
        "name": "陈大师数控技能工作室",
        "id_number": number,
        "master_title": "高级技师",
        "occupation": "数控车工",
        "level": "district",
        "plan": "每年带徒 10 人，攻关精密加工工艺。",
    } | extra
    return services.studio_apply(actor=cast.enterprise, data=data)


def test_life_cycle_from_application_to_withdrawal(cast, master_number):
    studio = _apply(cast, master_number)
    assert studio.status == Studio.Status.APPLIED and studio.host == cast.enterprise_org
    services.studio_name(actor=cast.hr, studio=studio, level="district", document="虞人社〔2021〕12号")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.NAMED and studio.named_on.isoformat() == "2021-06-15"

    review = services.studio_report(
        actor=cast.enterprise,
        studio=studio,
        data={"year": "2021", "trainees_taught": "12", "certified": "8", "results": "攻关 2 项"},
    )
    services.review_rate(actor=cast.hr, review=review, rating="excellent")
    review.refresh_from_db()
    assert review.rating == "excellent" and review.rated_by == cast.hr

    services.studio_withdraw(actor=cast.hr, studio=studio, reason="领办人调离")
    studio.refresh_from_db()
    assert studio.status == Studio.Status.WITHDRAWN and studio.reason == "领办人调离"
    actions = list(
        AuditEntry.objects.filter(action__startswith="studio.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["studio.apply", "studio.name", "studio.report", "studio.rate", "studio.withdraw"]


def test_an_application_names_its_problems_and_saves_nothing(cast, master_number):
    with pytest.raises(RuleViolation) as exc:
        services.studio_apply(
            actor=cast.enterprise, data={"name": "", "id_number": "330602199001011234", "level": "x"}
        )
    fields = {e.field for e in exc.value.errors}
    assert {"name", "id_number", "level", "plan", "occupation", "master_title"} <= fields
    assert not Studio.objects.exists()


def test_an_enterprise_master_must_work_there(cast):
    number = id_number_for(4102)
    PersonFactory(number=number, name="外企师傅", employer=cast.other_enterprise_org)
    with pytest.raises(RuleViolation, match="不是浙江上虞甲机械有限公司的职工"):
        _apply(cast, number)


def test_an_unregistered_master_is_refused(cast):
    with pytest.raises(RuleViolation, match="未在系统登记"):
        _apply(cast, id_number_for(4199))


@pytest.mark.parametrize("who", ["dept", "finance", "trainee", "auditor"])
def test_only_hosts_apply(cast, master_number, who):
    with pytest.raises(NotAllowed):
        services.studio_apply(actor=getattr(cast, who), data={})


def test_only_hr_decides_rates_and_withdraws(cast, master_number):
    studio = _apply(cast, master_number)
    for actor in (cast.enterprise, cast.dept, cast.auditor):
        with pytest.raises(NotAllowed):
            services.studio_name(actor=actor, studio=studio, level="district", document="x")
    services.studio_name(actor=cast.hr, studio=studio, level="enterprise", document="虞人社〔2021〕3号")
    with pytest.raises(NotAllowed, match="不能再评审"):
        services.studio_reject(actor=cast.hr, studio=studio, reason="重复")
    with pytest.raises(NotAllowed):
        services.studio_withdraw(actor=cast.enterprise, studio=studio, reason="x")
    with pytest.raises(NotAllowed, match="依托单位"):
        services.studio_report(actor=cast.other_enterprise, studio=studio, data={})


def test_a_rejection_needs_a_reason(cast, master_number):
    studio = _apply(cast, master_number)
    with pytest.raises(RuleViolation, match="未通过原因"):
        services.studio_reject(actor=cast.hr, studio=studio, reason="  ")
    services.studio_reject(actor=cast.hr, studio=studio, reason="方案不具体")
    studio.refresh_from_db()
    assert studio.status == "rejected"
    with pytest.raises(NotAllowed):
        services.studio_report(actor=cast.enterprise, studio=studio, data={})


def test_yearly_reports_once_a_year_within_the_years_named(cast, master_number):
    studio = _apply(cast, master_number)
    services.studio_name(actor=cast.hr, studio=studio, level="district", document="d", named_on="2020-03-01")
    good = {"trainees_taught": "5", "certified": "3", "results": "传承绝活"}
    with pytest.raises(RuleViolation, match="2020–2021"):
        services.studio_report(actor=cast.enterprise, studio=studio, data=good | {"year": "2019"})
    with pytest.raises(RuleViolation, match="不能多于"):
        services.studio_report(
            actor=cast.enterprise, studio=studio, data=good | {"year": "2020", "certified": "9"}
        )
    services.studio_report(actor=cast.enterprise, studio=studio, data=good | {"year": "2020"})
    with pytest.raises(RuleViolation, match="已提交"):
        services.studio_report(actor=cast.enterprise, studio=studio, data=good | {"year": "2020"})
    review = StudioReview.objects.get()
    with pytest.raises(RuleViolation, match="考核意见"):
        services.review_rate(actor=cast.hr, review=review, rating="fail")
    services.review_rate(actor=cast.hr, review=review, rating="fail", comment="带徒人数不足")
    with pytest.raises(NotAllowed, match="已评定"):
        services.review_rate(actor=cast.hr, review=review, rating="pass")


@pytest.fixture
def named(cast, master_number):
    studio = _apply(cast, master_number)
    services.studio_name(actor=cast.hr, studio=studio, level="district", document="虞人社〔2021〕12号")
    return studio


@pytest.mark.parametrize("who", ["hr", "hradmin", "finance", "auditor", "enterprise"])
def test_who_sees_the_studio_page(cast, login, named, who):
    assert login(getattr(cast, who)).get(f"/programmes/studios/{named.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["other_enterprise", "institution"])
def test_another_organisation_gets_404(cast, login, named, who):
    client = login(getattr(cast, who))
    assert client.get(f"/programmes/studios/{named.pk}/").status_code == 404
    assert named.name not in client.get("/programmes/studios/").content.decode()


@pytest.mark.parametrize("who", ["dept", "trainee"])
def test_roles_without_studios_are_refused(cast, login, named, who):
    assert login(getattr(cast, who)).get("/programmes/studios/").status_code == 403


def test_the_pages_run_the_life_cycle(cast, login, master_number):
    client = login(cast.enterprise)
    response = client.post(
        "/programmes/studios/apply/",
        {
            "name": "陈大师工作室",
            "id_number": master_number,
            "master_title": "首席技师",
            "occupation": "焊工",
            "level": "district",
            "plan": "带徒传技",
        },
    )
    studio = Studio.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/programmes/studios/{studio.pk}/"
    bad = client.post(
        "/programmes/studios/apply/",
        {
            "name": "x",
            "id_number": "123",
            "master_title": "t",
            "occupation": "o",
            "level": "district",
            "plan": "p",
        },
    )
    assert bad.status_code == 200 and "身份证号应为18位" in bad.content.decode()

    hr = login(cast.hr)
    page = hr.post(
        f"/programmes/studios/{studio.pk}/decide", {"decision": "name", "level": "district"}, follow=True
    )
    assert "命名文号" in page.content.decode()
    hr.post(
        f"/programmes/studios/{studio.pk}/decide",
        {"decision": "name", "level": "district", "document": "虞人社〔2021〕9号"},
    )
    studio.refresh_from_db()
    assert studio.status == "named"
    login(cast.enterprise).post(
        f"/programmes/studios/{studio.pk}/report",
        {"year": "2021", "trainees_taught": "4", "certified": "2", "results": "攻关"},
    )
    review = StudioReview.objects.get()
    page = login(cast.hr).post(
        f"/programmes/studios/reviews/{review.pk}/rate", {"rating": "excellent"}, follow=True
    )
    assert "考核等次已评定" in page.content.decode()


def test_the_list_filters_exports_and_counts_queries(cast, login, named, django_assert_max_num_queries):
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        page = client.get("/programmes/studios/?status=named")
    assert named.name in page.content.decode()
    assert named.name not in client.get("/programmes/studios/?status=applied").content.decode()
    response = client.get("/programmes/studios/export.xlsx?status=named")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert named.name in values and "陈大师" in values


def test_the_public_list_shows_named_studios_without_identity(client, cast, named, master_number):
    _apply(cast, master_number, name="待评审的工作室")
    html = client.get("/programmes/public/studios/").content.decode()
    assert named.name in html and "陈大师" in html
    assert "待评审的工作室" not in html
    assert master_number not in html and named.master.id_masked not in html


def test_hr_home_lists_what_waits(cast, login, named, master_number):
    _apply(cast, master_number, name="第二个工作室")
    html = login(cast.hr).get("/").content.decode()
    assert "技能大师工作室待评审" in html
