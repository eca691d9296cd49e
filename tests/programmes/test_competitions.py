"""技能竞赛与岗位练兵 (issue 15 item 4, 第12条): an enterprise runs drills for its own employees (checked
against the employment register), HR or a department district competitions with a host institution; the
contestants are registered by identity number, all or nothing; scores give the ranking (equal scores share a
rank) and publishing gives the awards; the event's subsidy becomes one claim through the subsidies service,
quoted and capped by the engine (企业 ≤ 3万 a year; 区级竞赛项目 ≤ 5万); the winners reach the talent figures;
the results are public with the names masked. Pages are scoped (another's event is 404) and export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.audit_labels import ACTIONS
from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.policy.catalogue import default_catalogue
from skillup.programmes import selectors, selectors_competitions
from skillup.programmes import services_competitions as services
from skillup.programmes.models_competitions import CompetitionEvent, Contestant
from skillup.registry.models import Organisation
from skillup.subsidies.models import Claim
from tests.factories import PersonFactory, id_number_for

pytestmark = pytest.mark.django_db


def _cap(scheme: str) -> Decimal:
    """The engine's cap of the scheme, read from the catalogue (never typed in the test)."""
    (entry,) = default_catalogue().scheme(scheme).entries_at(())
    return Decimal(entry.cap)


@pytest.fixture
def staff(cast):
    """Four employees of the demo enterprise, one of the other enterprise and one with no employer."""
    Organisation.objects.filter(pk__in=[cast.enterprise_org.pk, cast.institution_org.pk]).update(
        bank_account="6222000011112222"
    )
    people = {
        "a": (8001, "张一鸣", cast.enterprise_org),
        "b": (8002, "李二", cast.enterprise_org),
        "c": (8003, "王三强", cast.enterprise_org),
        "d": (8004, "赵四海", cast.enterprise_org),
        "other": (8005, "外企丁", cast.other_enterprise_org),
        "free": (8006, "无业戊", None),
    }
    for n, name, employer in people.values():
        PersonFactory(number=id_number_for(n), name=name, employer=employer)
    return {k: id_number_for(n) for k, (n, _, _) in people.items()}


def _drill(cast, actor=None, **extra):
    data = {"kind": "drill", "name": "2021年焊工岗位练兵", "occupation": "焊工", "level": "高级",
            "held_on": "2021-06-10", "venue": "甲机械一车间", "rules": "理论30%，实操70%。",
            "document": "甲机〔2021〕5号", "first_prizes": "1", "second_prizes": "1", "third_prizes": "1"} | extra  # fmt: skip
    return services.event_create(actor=actor or cast.enterprise, data=data)


def _district(cast, actor=None, **extra):
    data = {"kind": "district", "name": "2021年上虞区数控车工技能竞赛", "occupation": "数控车工",
            "level": "技师", "held_on": "2021-06-12", "venue": "区公共实训基地", "rules": "实操100%。",
            "host": str(cast.institution_org.pk)} | extra  # fmt: skip
    return services.event_create(actor=actor or cast.dept, data=data)


def _lines(*numbers) -> str:
    return "\n".join(numbers)


def test_a_drill_registers_employees_ranks_scores_and_publishes_awards(cast, staff):
    event = _drill(cast)
    assert event.organiser == cast.enterprise_org and event.status == "open"
    with pytest.raises(RuleViolation) as err:  # one line not an employee: nobody is registered
        services.contestants_add(
            actor=cast.enterprise, event=event, lines=_lines(staff["a"], staff["other"], "123")
        )
    rows = {e.row for e in err.value.errors}
    assert rows == {2, 3} and "不是本企业职工" in " ".join(e.message for e in err.value.errors)
    assert not event.contestants.exists()
    added = services.contestants_add(
        actor=cast.enterprise,
        event=event,
        lines=_lines(staff["a"], staff["b"] + " 李二", staff["c"], staff["d"]),
    )
    assert len(added) == 4 and {c.employer_id for c in added} == {cast.enterprise_org.pk}
    with pytest.raises(RuleViolation, match="已报名本竞赛"):
        services.contestants_add(actor=cast.enterprise, event=event, lines=staff["a"])
    with pytest.raises(RuleViolation) as err:  # a bad score and an unregistered person: no score saved
        services.scores_record(
            actor=cast.enterprise,
            event=event,
            lines=_lines(f"{staff['a']} 95", f"{staff['b']} abc", f"{staff['other']} 80"),
        )
    assert {e.row for e in err.value.errors} == {2, 3}
    assert not event.contestants.filter(score__isnull=False).exists()
    services.scores_record(
        actor=cast.enterprise,
        event=event,
        lines=_lines(f"{staff['a']} 88", f"{staff['b']} 95.5", f"{staff['c']} 88"),
    )
    event.refresh_from_db()
    assert event.status == "scored"
    ranks = {c.person.name: (c.rank, c.award) for c in event.contestants.select_related("person")}
    assert ranks == {"李二": (1, ""), "张一鸣": (2, ""), "王三强": (2, ""), "赵四海": (None, "")}
    services.results_publish(actor=cast.enterprise, event=event)
    ranks = {c.person.name: (c.rank, c.award) for c in event.contestants.select_related("person")}
    # Equal scores share the rank and the award; the one without a score has none.
    assert ranks == {
        "李二": (1, "一等奖"),
        "张一鸣": (2, "二等奖"),
        "王三强": (2, "二等奖"),
        "赵四海": (None, ""),
    }
    event.refresh_from_db()
    assert event.status == "published" and event.published_on is not None
    with pytest.raises(NotAllowed, match="成绩已公布"):
        services.contestants_add(actor=cast.enterprise, event=event, lines=staff["d"])
    labels = set(
        AuditEntry.objects.filter(action__startswith="competition.").values_list("action", flat=True)
    )
    assert labels == {
        "competition.create",
        "competition.contestants_add",
        "competition.scores",
        "competition.publish",
    }
    assert all(label in ACTIONS for label in labels)


def test_scores_wait_for_the_day_and_publishing_for_a_score(cast, staff):
    event = _drill(cast, held_on="2021-06-20")  # after the business date 2021-06-15
    services.contestants_add(actor=cast.enterprise, event=event, lines=staff["a"])
    with pytest.raises(StateConflict, match="举行后才能录入成绩"):
        services.scores_record(actor=cast.enterprise, event=event, lines=f"{staff['a']} 90")
    with pytest.raises(NotAllowed, match="举行后才能公布成绩"):
        services.results_publish(actor=cast.enterprise, event=event)
    held = _drill(cast, name="已举行的练兵")
    services.contestants_add(actor=cast.enterprise, event=held, lines=staff["a"])
    with pytest.raises(RuleViolation, match="请先录入选手成绩"):
        services.results_publish(actor=cast.enterprise, event=held)


def test_who_organises_what(cast, staff):
    with pytest.raises(NotAllowed, match="企业岗位练兵由企业"):
        _drill(cast, actor=cast.dept)
    with pytest.raises(NotAllowed, match="区级技能竞赛由人社局或主管部门"):
        _district(cast, actor=cast.enterprise)
    with pytest.raises(NotAllowed):
        _drill(cast, actor=cast.institution)
    with pytest.raises(RuleViolation) as err:
        _district(cast, host="", level="特级", name="")
    assert {e.field for e in err.value.errors} == {"host", "level", "name"}
    event = _drill(cast)
    for outsider in (cast.other_enterprise, cast.dept, cast.hr):
        with pytest.raises(NotAllowed, match="主办单位"):
            services.contestants_add(actor=outsider, event=event, lines=staff["a"])
    hr_event = _district(cast, actor=cast.hr)
    services.contestants_add(actor=cast.hradmin, event=hr_event, lines=staff["other"])  # HR keeps HR's


def test_a_drill_claim_is_the_engines_capped_once_and_the_yearly_cap_holds(cast, staff):
    cap = _cap("enterprise_competition")
    event = _drill(cast)
    services.contestants_add(actor=cast.enterprise, event=event, lines=staff["a"])
    with pytest.raises(NotAllowed, match="成绩公布后"):
        services.claim_create(actor=cast.enterprise, event=event, cost="1000")
    services.scores_record(actor=cast.enterprise, event=event, lines=f"{staff['a']} 90")
    services.results_publish(actor=cast.enterprise, event=event)
    with pytest.raises(RuleViolation, match="实际发生的费用"):
        services.claim_create(actor=cast.enterprise, event=event, cost="-5")
    with pytest.raises(NotAllowed):
        services.claim_create(actor=cast.other_enterprise, event=event, cost="1000")
    claim = services.claim_create(actor=cast.enterprise, event=event, cost=str(cap + 12000))
    assert claim.scheme == "enterprise_competition" and claim.enterprise == cast.enterprise_org
    assert claim.payee_kind == Claim.Payee.ENTERPRISE and claim.person_id is None
    assert claim.amount == cap  # the engine capped the cost
    assert "第12条" in str(claim.basis)
    again = services.claim_create(actor=cast.enterprise, event=event, cost="100")
    assert again.pk == claim.pk and Claim.objects.filter(scheme="enterprise_competition").count() == 1
    # A second drill the same year: the enterprise's yearly ceiling is used up.
    second = _drill(cast, name="2021年电工岗位练兵", occupation="电工")
    services.contestants_add(actor=cast.enterprise, event=second, lines=staff["b"])
    services.scores_record(actor=cast.enterprise, event=second, lines=f"{staff['b']} 80")
    services.results_publish(actor=cast.enterprise, event=second)
    more = services.claim_create(actor=cast.enterprise, event=second, cost="8000")
    assert (more.amount, more.refusals) == (Decimal("0.00"), ["cap_reached"])
    assert "每年累计" in str(more.basis)  # the engine says why
    assert AuditEntry.objects.filter(action="competition.claim").count() == 2


def test_a_district_competition_funds_its_host_institution_within_the_cap(cast, staff):
    # No training filing is needed: 第12条 funds the event, 第1条's filing is for training (catalogue
    # `filed_training: false`).
    event = _district(cast)
    assert event.host == cast.institution_org
    added = services.contestants_add(
        actor=cast.dept, event=event, lines=_lines(staff["a"], staff["other"], staff["free"])
    )  # anyone registered may enter a district competition; the employer is the day's
    assert {c.person.name: c.employer_id for c in added} == {
        "张一鸣": cast.enterprise_org.pk, "外企丁": cast.other_enterprise_org.pk, "无业戊": None}  # fmt: skip
    services.scores_record(
        actor=cast.dept,
        event=event,
        lines=_lines(f"{staff['a']} 70", f"{staff['other']} 90", f"{staff['free']} 60"),
    )
    services.results_publish(actor=cast.dept, event=event)
    claim = services.claim_create(actor=cast.dept, event=event, cost="62000")
    assert claim.scheme == "district_competition" and claim.institution == cast.institution_org
    assert claim.payee_kind == Claim.Payee.INSTITUTION
    assert claim.amount == _cap("district_competition")
    assert "institution_not_filed" not in claim.refusals and not any(
        b["rule"] == "filing" for b in claim.basis
    )


def test_winners_reach_the_talent_figures_and_the_dashboard(cast, staff, login):
    assert selectors_competitions.talent_figures()["winners"] == 0
    event = _drill(cast)  # level 高级: its winners count as high-skill talent
    services.contestants_add(
        actor=cast.enterprise, event=event, lines=_lines(staff["a"], staff["b"], staff["c"], staff["d"])
    )
    services.scores_record(
        actor=cast.enterprise,
        event=event,
        lines=_lines(f"{staff['a']} 90", f"{staff['b']} 80", f"{staff['c']} 70", f"{staff['d']} 60"),
    )
    assert selectors_competitions.talent_figures()["winners"] == 0  # not published yet
    services.results_publish(actor=cast.enterprise, event=event)
    low = _drill(cast, name="初级练兵", level="初级")
    services.contestants_add(actor=cast.enterprise, event=low, lines=staff["a"])
    services.scores_record(actor=cast.enterprise, event=low, lines=f"{staff['a']} 99")
    services.results_publish(actor=cast.enterprise, event=low)
    figures = selectors_competitions.talent_figures()
    # three prizes (1+1+1) in the senior drill, the same person again in the junior one
    assert figures == {"winners": 3, "high_skill_winners": 3, "events": 2, "clause": "第12条"}
    assert selectors.dashboard_figures(cast.hr)["competitions"]["winners"] == 3
    assert selectors_competitions.talent_figures(2020)["winners"] == 0
    client = login(cast.hr)
    dashboard = client.get(reverse("planning:dashboard")).content.decode()
    assert 'id="kpi-competition-winners">3<' in dashboard
    stats = client.get(reverse("planning:skill_stats")).content.decode()
    assert "已公布获奖选手 3 人，其中高级工及以上 3 人" in stats


def _published(cast, staff):
    event = _drill(cast)
    services.contestants_add(actor=cast.enterprise, event=event, lines=_lines(staff["a"], staff["b"]))
    services.scores_record(
        actor=cast.enterprise, event=event, lines=_lines(f"{staff['a']} 91", f"{staff['b']} 85")
    )
    services.results_publish(actor=cast.enterprise, event=event)
    return event


def test_the_public_results_page_masks_names_and_shows_only_published(cast, staff, client):
    event = _published(cast, staff)
    waiting = _drill(cast, name="未公布练兵")
    body = client.get(reverse("programmes:competitions_public")).content.decode()
    assert event.name in body and waiting.name not in body
    page = client.get(reverse("programmes:competition_public", args=[event.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "张*鸣" in text and "李*" in text and "一等奖" in text
    assert "张一鸣" not in text and staff["a"] not in text and "width=device-width" in text
    assert client.get(reverse("programmes:competition_public", args=[waiting.pk])).status_code == 404


def test_pages_are_scoped_and_export(cast, staff, login, django_assert_max_num_queries):
    drill = _published(cast, staff)
    district = _district(cast)
    detail = "programmes:competition"
    for user, seen, hidden in (
        (cast.enterprise, drill, district),
        (cast.other_enterprise, None, drill),
        (cast.dept, district, drill),
        (cast.other_dept, None, district),
    ):
        client = login(user)
        if seen:
            assert client.get(reverse(detail, args=[seen.pk])).status_code == 200, user.username
        assert client.get(reverse(detail, args=[hidden.pk])).status_code == 404, user.username
        assert (
            client.post(reverse("programmes:competition_change", args=[hidden.pk, "publish"])).status_code
            == 404
        )
    client = login(cast.hr)
    for event in (drill, district):
        assert client.get(reverse(detail, args=[event.pk])).status_code == 200
    assert login(cast.trainee).get(reverse("programmes:competitions")).status_code == 403
    for n in range(3):
        _drill(cast, name=f"练兵{n}")
    client = login(cast.enterprise)
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("programmes:competitions")).content.decode()
    assert drill.name in listing and district.name not in listing
    with django_assert_max_num_queries(14):
        page = client.get(reverse(detail, args=[drill.pk])).content.decode()
    assert "张一鸣" in page and staff["a"] not in page  # the organiser's page: names, numbers masked
    response = client.get(reverse("programmes:competition_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    names = [r[6] for r in rows if r and r[6] in ("张一鸣", "李二")]
    assert names == ["张一鸣", "李二"]
    assert not any(staff["a"] in str(r) for r in rows)
    login(cast.other_enterprise)
    response = client.get(reverse("programmes:competition_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert not any("张一鸣" in str(r) for r in rows)


def test_the_organiser_runs_an_event_through_the_pages(cast, staff, login):
    client = login(cast.enterprise)
    response = client.post(
        reverse("programmes:competition_add"),
        {
            "kind": "drill",
            "name": "页面练兵",
            "occupation": "焊工",
            "level": "高级",
            "held_on": "2021-06-01",
            "venue": "车间",
            "rules": "实操",
        },  # fmt: skip
    )
    event = CompetitionEvent.objects.get(name="页面练兵")
    assert response.status_code == 302 and response.url == reverse("programmes:competition", args=[event.pk])
    change = lambda action, **data: client.post(  # noqa: E731
        reverse("programmes:competition_change", args=[event.pk, action]), data, follow=True
    )
    bad = change("contestants", lines=staff["other"]).content.decode()
    assert "不是本企业职工" in bad and not Contestant.objects.filter(event=event).exists()
    change("contestants", lines=_lines(staff["a"], staff["b"]))
    change("scores", lines=_lines(f"{staff['a']} 60", f"{staff['b']} 70"))
    change("publish")
    page = change("claim", cost="5000").content.decode()
    event.refresh_from_db()
    assert event.status == "published" and event.claim is not None and "核定" in page
    assert client.post(reverse("programmes:competition_change", args=[event.pk, "nope"])).status_code == 404
