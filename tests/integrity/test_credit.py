"""Institution credit (issue 11 item 6): the level rule, read live from findings, cases and spot checks;
HR sees it on the filing page before deciding; the institution sees its own record; others 404."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from skillup.integrity import credit, services_spot
from skillup.integrity.models import Case, Finding, SpotCheck
from skillup.registry.models import Filing
from tests.factories import InstitutionFactory
from tests.integrity.spot_helpers import JUNE, finding, june_class
from tests.training.helpers import file_for

_n = itertools.count(1)


def case(cast, *, outcome=Case.Outcome.CONFIRMED, institution=None, closed=True):
    return Case.objects.create(
        code=f"AJ{next(_n):04d}",
        title="虚假培训核查",
        status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        outcome=outcome if closed else "",
        institution=institution or cast.institution_org,
        department=cast.department,
        opened_by=cast.hr,
    )


@pytest.fixture
def klass(cast):
    file_for(cast.institution_org)
    file_for(cast.other_institution_org)
    return june_class(cast.institution_org, cast.department, people=3)


def level(cast):
    return credit.credit_of(cast.institution_org)


def test_a_clean_record_is_a(cast, klass):
    r = level(cast)
    assert (r.level, r.name) == ("A", "守信") and r.reasons == [credit.LEVELS["A"][2]]


def test_cleared_lapsed_and_weak_findings_and_cleared_cases_do_not_count(cast, klass):
    finding(klass, "0.90", status=Finding.Status.CLEARED)
    finding(klass, "0.90", status=Finding.Status.LAPSED)
    finding(klass, "0.40")
    case(cast, outcome=Case.Outcome.CLEARED)
    case(cast, closed=False)  # open: not counted until it ends
    r = level(cast)
    assert r.level == "A" and (r.cleared, r.open_low, r.cases_cleared, r.cases_open) == (1, 1, 1, 1)


def test_one_open_flag_is_b_and_three_are_c(cast, klass):
    finding(klass, "0.50")
    r = level(cast)
    assert r.level == "B" and r.reasons == ["未处理的高风险线索 1 条"]
    finding(klass, "0.70", signal="shared_phones")
    finding(klass, "0.99", signal="cloned_checkins")
    r = level(cast)
    assert r.level == "C" and "未处理的高风险线索 3 条（3 条及以上）" in r.reasons
    # the other institution's record is untouched
    assert credit.credit_of(cast.other_institution_org).level == "A"


def test_a_confirmed_case_is_c_and_two_are_d(cast, klass):
    case(cast)
    assert level(cast).level == "C" and level(cast).reasons == ["查实案件 1 起"]
    case(cast)
    r = level(cast)
    assert r.level == "D" and r.reasons == ["查实案件 2 起（2 起及以上为 D 级）"]
    case(cast, institution=cast.other_institution_org, outcome=Case.Outcome.CLEARED)
    assert credit.credit_of(cast.other_institution_org).level == "A"


def _spot_problem(cast, klass, month):
    draw = services_spot.draw_create(actor=cast.hr, month=month, size=1, auditor=cast.auditor)
    item = draw.items.get()
    assert item.klass == klass
    return services_spot.spot_submit(
        actor=cast.auditor,
        item=item,
        visited_on=dt.date(2021, 6, 14),
        result=SpotCheck.Result.PROBLEM,
        notes="电话回访无人确认",
        called=3,
        reached=0,
    )


def test_spot_check_problems_count_until_their_finding_is_cleared(cast, klass, settings):
    from skillup.integrity.services import finding_clear

    _spot_problem(cast, klass, JUNE)
    r = level(cast)
    # the spot-check finding is counted once, as a spot-check problem, not again as an open flag
    assert (r.level, r.spot_problems, r.open_flags, r.spot_done) == ("B", 1, 0, 1)
    settings.SKILLUP_TODAY = "2021-07-15"
    klass.end_date = dt.date(2021, 7, 31)
    klass.save()
    second = _spot_problem(cast, klass, dt.date(2021, 7, 1))
    r = level(cast)
    assert r.level == "C" and "抽查发现问题 2 次（2 次及以上）" in r.reasons
    finding_clear(actor=cast.hr, finding=second.finding, reason="复核后学员均确认参训")
    assert level(cast).level == "B"


def test_the_list_is_hrs_filtered_by_level_in_a_fixed_number_of_queries(
    cast, login, klass, django_assert_max_num_queries
):
    finding(klass, "0.80")
    client = login(cast.hr)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("spot:credits")).content.decode()
    assert cast.institution_org.name in page and cast.other_institution_org.name in page
    page = client.get(reverse("spot:credits"), {"level": "B"}).content.decode()
    assert cast.institution_org.name in page and cast.other_institution_org.name not in page
    for _ in range(5):  # more institutions, same number of queries
        file_for(InstitutionFactory().organisation)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("spot:credits")).status_code == 200
    for user in (cast.auditor, cast.dept, cast.institution, cast.finance):
        assert login(user).get(reverse("spot:credits")).status_code == 403


def test_hr_and_the_institution_itself_read_the_record_and_nobody_else(cast, login, klass):
    url = reverse("spot:credit", args=[cast.institution_org.pk])
    finding(klass, "0.80")
    page = login(cast.hr).get(url).content.decode()
    assert "B 级" in page and "等级规则" in page and "未处理的高风险线索 1 条" in page
    own = login(cast.institution).get(url).content.decode()
    assert "本机构诚信记录" in own and "B 级" in own and "等级规则" in own
    assert klass.code not in own  # which class is under suspicion is told once a case is opened
    for user in (
        cast.other_institution,
        cast.dept,
        cast.auditor,
        cast.finance,
        cast.enterprise,
        cast.trainee,
        cast.outsider,
    ):
        assert login(user).get(url).status_code == 404, user.username
    mine = login(cast.institution).get(reverse("spot:credit_mine"))
    assert mine.status_code == 302 and mine.url == url
    assert login(cast.hr).get(reverse("spot:credit", args=[cast.department.pk])).status_code == 404


def test_hr_sees_the_credit_on_the_filing_page_before_renewing(cast, login, klass):
    case(cast)
    renewal = Filing.objects.create(institution=cast.institution_org, status=Filing.Status.SUBMITTED)
    url = reverse("filing_detail", args=[renewal.pk])
    page = login(cast.hr).get(url).content.decode()
    assert "机构诚信记录" in page and "C 级" in page and "查实案件 1 起" in page and "批准备案" in page
    own = login(cast.institution).get(url).content.decode()
    assert "C 级" in own  # its own record
    auditor = login(cast.auditor).get(url).content.decode()
    assert "机构诚信记录" not in auditor


def test_the_institution_sees_its_level_on_its_home(cast, login, klass):
    case(cast)
    case(cast)
    home = login(cast.institution).get("/").content.decode()
    assert "本机构诚信等级：D 级（严重失信）" in home
