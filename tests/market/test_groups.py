"""Group-buys (拼团, 第17条): start, join until full, leave, reach the minimum, confirm into a submitted class
with the roster, dissolve after the deadline; wishes answered by an institution; enterprise booking."""

import datetime as dt

import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.market import services_groups as services
from skillup.market.models import Group, GroupMember
from skillup.market.models_groups import Notification
from skillup.market.tasks_groups import groups_dissolve_task
from skillup.registry.models import Person
from skillup.training.models import Enrolment, TrainingClass
from tests.factories import PersonFactory
from tests.market.groups_factories import offer_for, trainees

G = Group.Status


@pytest.fixture
def offer(cast):
    return offer_for(cast.institution_org, minimum=3, seats=5)


def test_a_group_goes_from_start_to_a_submitted_class_with_its_roster(cast, offer):
    group = services.group_start(actor=cast.trainee, offer=offer)
    assert group.status == G.OPEN and group.joined == 1 and group.minimum == 3
    assert group.deadline == dt.date(2021, 6, 29)  # 14 days after the business date, before the course
    others = trainees(2)
    services.group_join(actor=others[0], group=group)
    group = services.group_join(actor=others[1], group=group)
    assert group.status == G.REACHED and group.reached_at is not None
    told = Notification.objects.filter(user=cast.institution, group=group)
    assert told.count() == 1 and "请确认开班" in told.get().message

    klass = services.group_confirm(actor=cast.institution, group=group)
    group.refresh_from_db()
    assert group.status == G.CONFIRMED and group.klass == klass
    assert klass.status == TrainingClass.Status.SUBMITTED
    assert (klass.occupation, klass.level, klass.hours, klass.capacity) == ("焊工", "初级", 70, 5)
    enrolled = set(Enrolment.objects.filter(klass=klass).values_list("person_id", flat=True))
    assert enrolled == {cast.trainee_person.pk, *(u.person_id for u in others)}
    assert AuditEntry.objects.filter(action="group.confirm", object_id=str(group.pk)).exists()
    assert Notification.objects.filter(user=others[0], group=group, kind="class").exists()


def test_a_refused_roster_leaves_no_class_behind(cast, offer):
    group = services.group_start(actor=cast.trainee, offer=offer)
    for user in trainees(2):
        services.group_join(actor=user, group=group)
    # One member has no 人员类别: the roster refuses them, naming them, and nothing is written.
    Person.objects.filter(pk=GroupMember.objects.filter(group=group).last().person_id).update(groups="")
    before = TrainingClass.objects.count()
    with pytest.raises(RuleViolation) as exc:
        services.group_confirm(actor=cast.institution, group=group)
    assert "人员类别" in str(exc.value)
    assert TrainingClass.objects.count() == before
    group.refresh_from_db()
    assert group.status == G.REACHED and group.klass is None


def test_a_course_without_dates_needs_them_at_confirmation(cast):
    offer = offer_for(cast.institution_org, minimum=1, seats=5, start=None, end=None)
    group = services.group_start(actor=cast.trainee, offer=offer)
    assert group.status == G.REACHED
    with pytest.raises(RuleViolation) as exc:
        services.group_confirm(actor=cast.institution, group=group)
    assert {e.field for e in exc.value.errors} == {"start_date", "end_date"}
    klass = services.group_confirm(
        actor=cast.institution, group=group, start_date=dt.date(2021, 7, 1), end_date=dt.date(2021, 7, 20)
    )
    assert klass.start_date == dt.date(2021, 7, 1)


def test_it_refuses_a_join_when_full_closed_or_duplicate(cast, offer):
    group = services.group_start(actor=cast.trainee, offer=offer)
    with pytest.raises(StateConflict, match="已在该拼团中"):
        services.group_join(actor=cast.trainee, group=group)
    for user in trainees(4):
        services.group_join(actor=user, group=group)
    group.refresh_from_db()
    assert group.joined == 5
    with pytest.raises(StateConflict, match="名额已满"):
        services.group_join(actor=cast.other_trainee, group=group)
    # A stale copy of the row (the page was open before it filled): the lock re-reads and refuses.
    stale = Group.objects.get(pk=group.pk)
    stale.joined = 0
    with pytest.raises(StateConflict, match="名额已满"):
        services.group_join(actor=cast.other_trainee, group=stale)
    assert GroupMember.objects.filter(group=group).count() == 5


def test_it_refuses_a_join_after_the_deadline(cast, offer, settings):
    group = services.group_start(actor=cast.trainee, offer=offer, deadline="2021-06-20")
    settings.SKILLUP_TODAY = "2021-06-21"
    with pytest.raises(StateConflict, match="已于 2021-06-20 截止"):
        services.group_join(actor=cast.other_trainee, group=group)


def test_only_a_trainee_joins_and_only_with_a_bound_person(cast, offer):
    group = services.group_start(actor=cast.trainee, offer=offer)
    for user in (cast.institution, cast.hr, cast.enterprise):
        with pytest.raises(NotAllowed):
            services.group_join(actor=user, group=group)


def test_a_deadline_must_fall_before_the_course_starts(cast, offer):
    with pytest.raises(RuleViolation, match="早于开课日期"):
        services.group_start(actor=cast.trainee, offer=offer, deadline="2021-07-10")
    with pytest.raises(RuleViolation, match="不能早于今天"):
        services.group_start(actor=cast.trainee, offer=offer, deadline="2021-06-14")


def test_leaving_below_the_minimum_reopens_the_group(cast, offer):
    group = services.group_start(actor=cast.trainee, offer=offer)
    others = trainees(2)
    for user in others:
        group = services.group_join(actor=user, group=group)
    assert group.status == G.REACHED
    group = services.group_leave(actor=others[0], group=group)
    assert group.status == G.OPEN and group.joined == 2 and group.reached_at is None
    with pytest.raises(StateConflict, match="不在该拼团中"):
        services.group_leave(actor=others[0], group=group)


def test_nobody_leaves_a_confirmed_group(cast):
    group = services.group_start(actor=cast.trainee, offer=offer_for(cast.institution_org, minimum=1))
    services.group_confirm(actor=cast.institution, group=group)
    group.refresh_from_db()
    with pytest.raises(StateConflict, match="已开班"):
        services.group_leave(actor=cast.trainee, group=group)


def test_the_daily_task_dissolves_groups_below_the_minimum_and_tells_everyone(cast, offer, settings):
    group = services.group_start(actor=cast.trainee, offer=offer, deadline="2021-06-20")
    services.group_join(actor=cast.other_trainee, group=group)
    full = services.group_start(actor=cast.outsider, offer=offer_for(cast.institution_org, minimum=1))
    wish = services.group_start(actor=cast.trainee, occupation="育婴员", town="cao_e", deadline="2021-06-20")
    settings.SKILLUP_TODAY = "2021-06-20"
    assert groups_dissolve_task.delay().get() == 0  # the deadline day itself still counts
    settings.SKILLUP_TODAY = "2021-06-21"
    assert groups_dissolve_task.delay().get() == 2
    group.refresh_from_db()
    wish.refresh_from_db()
    full.refresh_from_db()
    assert group.status == wish.status == G.DISSOLVED and full.status == G.REACHED
    for user in (cast.trainee, cast.other_trainee, cast.institution):
        assert Notification.objects.filter(user=user, group=group, message__contains="已解散").exists()
    assert AuditEntry.objects.filter(action="group.dissolve").count() == 2
    assert groups_dissolve_task.delay().get() == 0


def test_another_institution_cannot_confirm(cast, offer, login):
    group = services.group_start(actor=cast.trainee, offer=offer)
    for user in trainees(2):
        services.group_join(actor=user, group=group)
    with pytest.raises(NotAllowed):
        services.group_confirm(actor=cast.other_institution, group=group)
    page = login(cast.other_institution).post(reverse("market_groups:group_confirm", args=[group.code]))
    assert page.status_code == 404
    group.refresh_from_db()
    assert group.status == G.REACHED


def test_a_wish_answered_by_an_institution_becomes_its_group(cast, offer):
    wish = services.group_start(actor=cast.trainee, occupation="焊工", level="初级", town="dongguan")
    assert wish.is_wish and wish.minimum == services.WISH_MINIMUM
    for user in trainees(2):
        services.group_join(actor=user, group=wish)
    with pytest.raises(NotAllowed):
        services.wish_answer(actor=cast.hr, group=wish, offer=offer)
    with pytest.raises(RuleViolation, match="本机构的课程"):
        services.wish_answer(actor=cast.other_institution, group=wish, offer=offer)
    group = services.wish_answer(actor=cast.institution, group=wish, offer=offer)
    assert group.offer == offer and group.minimum == 3 and group.town == "baiguan"
    assert group.status == G.REACHED  # three people already wished for it
    assert Notification.objects.filter(user=cast.trainee, group=group, message__contains="响应").exists()
    assert Notification.objects.filter(user=cast.institution, group=group).exists()


def test_a_wish_needs_an_occupation_and_a_town(cast):
    with pytest.raises(RuleViolation) as exc:
        services.group_start(actor=cast.trainee, occupation=" ", town="nowhere")
    assert {e.field for e in exc.value.errors} == {"occupation", "town"}


def test_an_enterprise_books_seats_for_its_staff_all_or_nothing(cast, offer):
    group = services.group_start(actor=cast.other_trainee, offer=offer)
    staff = [PersonFactory(employer=cast.enterprise_org) for _ in range(5)]
    stranger = PersonFactory(employer=cast.other_enterprise_org)
    with pytest.raises(RuleViolation, match="不是本企业在职职工"):
        services.group_book(actor=cast.enterprise, group=group, person_ids=[staff[0].pk, stranger.pk])
    with pytest.raises(StateConflict, match="还剩 4 个名额"):
        services.group_book(actor=cast.enterprise, group=group, person_ids=[p.pk for p in staff])
    assert GroupMember.objects.filter(group=group).count() == 1
    group = services.group_book(actor=cast.enterprise, group=group, person_ids=[p.pk for p in staff[:3]])
    assert group.joined == 4 and group.status == G.REACHED
    booked = GroupMember.objects.filter(group=group, booked_by_enterprise=cast.enterprise_org)
    assert booked.count() == 3
    with pytest.raises(NotAllowed):
        services.group_book(actor=cast.trainee, group=group, person_ids=[staff[4].pk])
    group = services.group_leave(actor=cast.enterprise, group=group)
    assert group.joined == 1 and group.status == G.OPEN
