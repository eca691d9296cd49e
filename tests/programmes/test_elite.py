"""精英提升培训 (issue 15 item 1, 第8条): HR opens a yearly round per class; enterprises nominate their own
employees and departments the people of their sector, checked against the certificate register (the level
held) and the employment register (the employer) with the reason shown; HR shortlists and approves within
the quota; the approved join a cohort at a partner institution, in or out of the province; attendance and
completion are recorded, and each member who completes gets one `elite_training` claim quoted by the engine
(省内 ≤ 1万, 省外 ≤ 2万). Pages are scoped (another's nomination or cohort is 404) and export; the
dashboard counts cohort members against the ~200 target."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.certificates.models import Certificate, Family
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.policy.catalogue import default_catalogue
from skillup.programmes import selectors, selectors_elite
from skillup.programmes import services_elite as services
from skillup.programmes.models_elite import EliteMember, EliteNomination
from skillup.registry.models import Organisation
from skillup.subsidies.models import Claim
from tests.factories import PersonFactory, id_number_for
from tests.training.helpers import file_for

pytestmark = pytest.mark.django_db


def _cap(region: str) -> Decimal:
    """The engine's standard for the region, read from the catalogue (never typed in the test)."""
    (entry,) = default_catalogue().scheme("elite_training").entries_at((region,))
    return Decimal(entry.cap)


def _person(n: int, name: str, employer, level: str | None, issued=dt.date(2019, 5, 10)):
    number = id_number_for(n)
    person = PersonFactory(number=number, name=name, employer=employer)
    if level:
        Certificate.objects.create(
            person=person,
            family=Family.QUALIFICATION,
            occupation="焊工",
            level=level,
            number=f"Z{n}",
            issuer_name="浙江省职业技能鉴定中心",
            issued_on=issued,
            source=Certificate.Source.PROVINCIAL,
        )
    return number


@pytest.fixture
def people(cast):
    """Nominees: two senior welders of the demo enterprise, an intermediate one, a senior welder of the
    other enterprise and a technician; the partner institution filed for the elite programme."""
    file_for(cast.institution_org, ("elite_training", "", ""))
    Organisation.objects.filter(pk=cast.institution_org.pk).update(bank_account="6222000011112222")
    return {
        "senior": _person(7001, "高级甲", cast.enterprise_org, "高级"),
        "senior2": _person(7002, "高级乙", cast.enterprise_org, "高级"),
        "middle": _person(7003, "中级丙", cast.enterprise_org, "中级"),
        "other": _person(7004, "外企丁", cast.other_enterprise_org, "高级"),
        "technician": _person(7005, "技师戊", cast.enterprise_org, "技师"),
        "none": _person(7006, "无证己", cast.enterprise_org, None),
    }


def _round(cast, kind="巧匠班", quota="2", **extra):
    data = {"year": "2021", "kind": kind, "quota": quota, "nominate_from": "2021-06-01",
            "nominate_to": "2021-06-30"} | extra  # fmt: skip
    return services.round_open(actor=cast.hr, data=data)


def _cohort(cast, r, **extra):
    data = {"name": f"2021年{r.kind}第一期", "institution": str(cast.institution_org.pk), "occupation": "焊工",
            "start_date": "2021-06-01", "end_date": "2021-06-10", "days": "10", "cost": "12800"} | extra  # fmt: skip
    return services.cohort_create(actor=cast.hr, elite_round=r, data=data)


def _placed(cast, r, numbers, **cohort):
    """Nominated by the demo enterprise, shortlisted, approved and placed in a new cohort."""
    noms = [
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=n, merits="岗位能手")
        for n in numbers
    ]
    ids = [n.pk for n in noms]
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="shortlist")
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="approve")
    c = _cohort(cast, r, **cohort)
    return c, services.members_add(actor=cast.hr, cohort=c, nomination_ids=ids)


def test_life_cycle_from_round_to_the_claim(cast, people):
    r = _round(cast)
    senior = services.nominate(
        actor=cast.enterprise, elite_round=r, id_number=people["senior"], merits="焊接攻关能手"
    )
    assert (
        senior.level_held == "高级"
        and senior.employer == cast.enterprise_org
        and senior.certificate.number == "Z7001"
    )

    with pytest.raises(RuleViolation) as refused:
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["middle"], merits="骨干")
    (message,) = [e.message for e in refused.value.errors]
    assert (
        "最高等级为中级" in message and "巧匠班面向各企事业单位优秀高级技工" in message and "第8条" in message
    )
    with pytest.raises(RuleViolation, match="不是本企业职工"):
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["other"], merits="骨干")
    other = services.nominate(
        actor=cast.dept, elite_round=r, id_number=people["other"], merits="化工行业骨干"
    )
    assert other.nominator == cast.department and other.employer == cast.other_enterprise_org

    ids = [senior.pk, other.pk]
    with pytest.raises(RuleViolation, match="已推荐，不能确定"):
        services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="approve")
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="shortlist")
    assert (
        services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="approve") == 2
    )

    cohort = _cohort(cast, r)
    assert cohort.out_of_province is False  # 第8条: 巧匠班 mainly within the province
    a, b = services.members_add(actor=cast.hr, cohort=cohort, nomination_ids=ids)
    with pytest.raises(RuleViolation, match="尚未登记出勤"):
        services.outcomes_set(actor=cast.institution, cohort=cohort, member_ids=[a.pk], outcome="completed")
    services.attendance_record(actor=cast.institution, cohort=cohort, member_ids=[a.pk], days="10")
    services.outcomes_set(
        actor=cast.institution, cohort=cohort, member_ids=[a.pk], outcome="completed", on="2021-06-11"
    )
    services.outcomes_set(actor=cast.hr, cohort=cohort, member_ids=[b.pk], outcome="dropped")

    a.refresh_from_db()
    claim = a.claim
    assert claim.scheme == "elite_training" and claim.person == a.person and claim.klass is None
    assert claim.institution == cast.institution_org and claim.payee_kind == "institution"
    assert claim.facts["kind"] == "巧匠班" and claim.facts["out_of_province"] is False
    assert claim.eligible and claim.amount == _cap("省内") < Decimal(
        "12800"
    )  # the cost, capped by the engine
    assert any("省内" in line["detail"] for line in claim.basis)
    assert claim.entitlement_date == dt.date(2021, 6, 11)
    assert not EliteMember.objects.get(pk=b.pk).claim_id  # who dropped out claims nothing

    assert services.cohort_claims_create(actor=cast.hr, cohort=cohort) == []  # once per member
    assert Claim.objects.filter(scheme="elite_training").count() == 1
    actions = list(
        AuditEntry.objects.filter(action__startswith="elite.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["elite.round_open", "elite.nominate", "elite.nominate", "elite.decide", "elite.decide",
                       "elite.cohort_create", "elite.members_add", "elite.attendance", "elite.outcomes", "elite.outcomes"]  # fmt: skip
    assert AuditEntry.objects.filter(action="claim.create_for_programme").count() == 1


def test_an_out_of_province_cohort_is_capped_at_the_out_of_province_standard(cast, people):
    master = _round(cast, kind="大师班")
    cohort, (member,) = _placed(cast, master, [people["technician"]], cost="25000")
    assert cohort.out_of_province is True  # 第8条: 大师班 mainly out of the province, by the catalogue
    skilled = _round(cast, kind="技工班")
    chosen, (other,) = _placed(cast, skilled, [people["middle"]], out_of_province="1", cost="15000")
    for c, m in ((cohort, member), (chosen, other)):
        services.attendance_record(actor=cast.hr, cohort=c, member_ids=[m.pk], days="8")
        services.outcomes_set(actor=cast.hr, cohort=c, member_ids=[m.pk], outcome="completed")
    member.refresh_from_db()
    other.refresh_from_db()
    assert member.claim.amount == _cap("省外")  # 25000 capped
    assert other.claim.amount == Decimal("15000.00") > _cap("省内")  # the cohort's own choice of region


def test_eligibility_names_every_reason(cast, people):
    r = _round(cast, kind="大师班")
    with pytest.raises(RuleViolation, match="证书库中没有无证己") as exc:
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["none"], merits="x")
    assert "请先登记证书" in exc.value.errors[0].message
    with pytest.raises(RuleViolation) as exc:
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["other"], merits="x")
    assert len(exc.value.errors) == 2  # not an employee, and a senior worker is not a technician
    with pytest.raises(RuleViolation, match="未在系统登记"):
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=id_number_for(7999), merits="x")
    with pytest.raises(RuleViolation, match="没有登记的工作单位"):
        services.nominate(
            actor=cast.dept, elite_round=r, id_number=_person(7010, "待业庚", None, "技师"), merits="x"
        )
    services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["technician"], merits="x")
    with pytest.raises(RuleViolation, match="已被推荐"):
        services.nominate(actor=cast.dept, elite_round=r, id_number=people["technician"], merits="x")


def test_the_quota_and_the_window_hold(cast, people):
    r = _round(cast, quota="1")
    noms = [
        services.nominate(actor=cast.enterprise, elite_round=r, id_number=people[k], merits="x")
        for k in ("senior", "senior2")
    ]
    ids = [n.pk for n in noms]
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="shortlist")
    with pytest.raises(RuleViolation, match="名额 1 人，已确定 0 人"):
        services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="approve")
    assert not EliteNomination.objects.filter(status="approved").exists()  # all or none
    with pytest.raises(RuleViolation, match="评审意见"):
        services.nominations_decide(
            actor=cast.hr, elite_round=r, nomination_ids=ids[1:], decision="not_select"
        )
    closed = _round(cast, kind="大师班", nominate_from="2021-03-01", nominate_to="2021-03-31")
    with pytest.raises(NotAllowed, match="推荐已截止"):
        services.nominate(
            actor=cast.enterprise, elite_round=closed, id_number=people["technician"], merits="x"
        )
    with pytest.raises(RuleViolation, match="已发布"):
        _round(cast)


def test_who_may_do_what(cast, people):
    for user in (cast.enterprise, cast.dept, cast.institution, cast.finance, cast.trainee):
        with pytest.raises(NotAllowed):
            services.round_open(actor=user, data={})
    r = _round(cast)
    for user in (cast.institution, cast.hr, cast.trainee, cast.auditor):
        with pytest.raises(NotAllowed):
            services.nominate(actor=user, elite_round=r, id_number=people["senior"], merits="x")
    n = services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["senior"], merits="x")
    for user in (cast.enterprise, cast.dept, cast.institution):
        with pytest.raises(NotAllowed):
            services.nominations_decide(
                actor=user, elite_round=r, nomination_ids=[n.pk], decision="shortlist"
            )
    cohort = _cohort(cast, r)
    with pytest.raises(NotAllowed):
        services.cohort_create(actor=cast.institution, elite_round=r, data={})
    with pytest.raises(NotAllowed, match="承训机构或人社局"):
        services.attendance_record(actor=cast.other_institution, cohort=cohort, member_ids=[], days="1")


def test_pages_are_scoped_and_export(cast, people, login, django_assert_max_num_queries):
    r = _round(cast)
    mine = services.nominate(
        actor=cast.enterprise, elite_round=r, id_number=people["senior"], merits="本企业"
    )
    theirs = services.nominate(actor=cast.dept, elite_round=r, id_number=people["other"], merits="部门推荐")
    ids = [mine.pk, theirs.pk]
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="shortlist")
    services.nominations_decide(actor=cast.hr, elite_round=r, nomination_ids=ids, decision="approve")
    cohort = _cohort(cast, r)
    services.members_add(actor=cast.hr, cohort=cohort, nomination_ids=ids)

    page = login(cast.enterprise).get(reverse("programmes:elite_round", args=[r.pk])).content.decode()
    assert "高级甲" in page and "外企丁" not in page and people["senior"] not in page  # own, masked
    dept = login(cast.dept).get(reverse("programmes:elite_round", args=[r.pk])).content.decode()
    assert "外企丁" in dept and "高级甲" not in dept
    assert (
        "外企丁"
        not in login(cast.other_dept).get(reverse("programmes:elite_round", args=[r.pk])).content.decode()
    )
    cohort_url = reverse("programmes:elite_cohort", args=[cohort.pk])
    for user in (cast.enterprise, cast.dept, cast.other_institution):
        assert login(user).get(cohort_url).status_code == 404
    for user in (cast.trainee, cast.outsider):
        assert login(user).get(cohort_url).status_code == 403
    assert "高级甲" in login(cast.institution).get(cohort_url).content.decode()
    post = login(cast.other_institution).post(
        reverse("programmes:elite_cohort_change", args=[cohort.pk, "attendance"])
    )
    assert post.status_code == 404

    def names(user, view, query=""):
        response = login(user).get(reverse(view) + query)
        return {
            row[2] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        }

    assert {"高级甲", "外企丁"} <= names(cast.hr, "programmes:elite_nominations_export", f"?round={r.pk}")
    assert "外企丁" not in names(cast.enterprise, "programmes:elite_nominations_export")
    members = load_workbook(
        io.BytesIO(login(cast.institution).get(reverse("programmes:elite_members_export")).content)
    ).active
    assert {row[5] for row in members.iter_rows(min_row=2, values_only=True)} >= {"高级甲", "外企丁"}

    client = login(cast.hr)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("programmes:elite_round", args=[r.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programmes:elite")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(cohort_url).status_code == 200


def test_a_bad_post_shows_the_message_and_changes_nothing(cast, people, login):
    r = _round(cast)
    client = login(cast.enterprise)
    response = client.post(
        reverse("programmes:elite_round_change", args=[r.pk, "nominate"]),
        {"id_number": people["middle"], "merits": "x"},
        follow=True,
    )
    assert response.status_code == 200 and "最高等级为中级" in response.content.decode()
    assert not EliteNomination.objects.exists()
    assert client.post(reverse("programmes:elite_round_change", args=[r.pk, "nonsense"])).status_code == 404
    bad = login(cast.hr).post(reverse("programmes:elite_round_add"), {"kind": "x"}, follow=True)
    assert bad.status_code == 200 and "请选择班次" in bad.content.decode()


def test_the_dashboard_counts_cohort_members_against_the_target(cast, people, login):
    r = _round(cast, quota="3")
    cohort, members = _placed(cast, r, [people["senior"], people["senior2"]])
    services.outcomes_set(actor=cast.hr, cohort=cohort, member_ids=[members[1].pk], outcome="dropped")
    figures = selectors.dashboard_figures(cast.hr)
    assert figures["elite_people"] == 1 and figures["elite_target"] == 200  # programmes/data/elite.yaml
    assert "第8条" in figures["elite_clause"]
    assert selectors_elite.progress()["by_kind"] == [("技工班", 0), ("巧匠班", 1), ("大师班", 0)]
    html = login(cast.hr).get("/planning/dashboard/").content.decode()
    block = html[html.index('id="kpi-elite-members"') :][:200]
    assert ">1</div>" in block and "目标约 200 人" in block


def test_hr_home_lists_nominations_waiting(cast, people, login):
    r = _round(cast)
    assert "精英提升培训人选待评审" not in login(cast.hr).get("/").content.decode()
    services.nominate(actor=cast.enterprise, elite_round=r, id_number=people["senior"], merits="x")
    html = login(cast.hr).get("/").content.decode()
    assert "精英提升培训人选待评审" in html and reverse("programmes:elite_round", args=[r.pk]) in html
    assert "精英提升培训人选待评审" not in login(cast.enterprise).get("/").content.decode()
