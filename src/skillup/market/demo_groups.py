"""Demo group-buys and wishes (第17条) as of the business date, through the real services: a group that
did not fill by its deadline and was dissolved, one open, one reached and waiting for the institution, one
confirmed into a class submitted for approval, and wishes waiting for an institution (the demand board).

The demo trainee starts them; the demo enterprise books seats for its staff (the demo has one trainee
login). Courses are the demo institution's published offers; where the offers' demo has not made any,
a few are made here from the institution's filing (rows, as the offer services are not this module's).
Each step happens on its own business day, never after the business date, so it seeds at any date.
"""

import contextlib
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Max

from skillup.accounts.models import User
from skillup.core import clock
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.directory.catalogue import current as current_catalogue
from skillup.market import services_groups as services
from skillup.market.models import GroupMember, Offer
from skillup.registry.models import FilingItem
from skillup.training.models import Enrolment, TrainingClass

PLAN_START = dt.date(2019, 10, 29)
ACTIVE = (TrainingClass.Status.SUBMITTED, TrainingClass.Status.APPROVED, TrainingClass.Status.RUNNING)
TOWNS = ["baiguan", "cao_e", "songxia", "dongguan"]
WISHES = [("育婴员", "", "cao_e", 3), ("电工", "初级", "songxia", 2), ("中式烹调师", "初级", "zhangzhen", 0)]
ERRORS = (RuleViolation, StateConflict, NotAllowed)


@contextlib.contextmanager
def _on(day: dt.date):
    before = getattr(settings, "SKILLUP_TODAY", "")
    settings.SKILLUP_TODAY = day.isoformat()
    try:
        yield
    finally:
        settings.SKILLUP_TODAY = before


def _offers(institution, on: dt.date) -> list[Offer]:
    offers = list(Offer.objects.filter(institution=institution, status=Offer.Status.PUBLISHED)[:4])
    if len(offers) >= 4:
        return offers
    items = FilingItem.objects.filter(
        filing__institution=institution,
        filing__status="approved",
        filing__valid_from__lte=on,
        filing__valid_until__gte=on,
    ).select_related("filing")
    for n, item in enumerate(list(items)[: 4 - len(offers)]):
        level = (item.levels or "").split(",")[0].strip()
        try:
            hours = current_catalogue().required_hours(item.scheme, item.occupation, level, on=on) or 80
        except KeyError:
            hours = 80
        offers.append(
            Offer.objects.create(
                institution=institution,
                filing_item=item,
                title=f"{item.occupation}{level}拼团班",
                description="成团即开班，周末和晚上上课，结业参加职业技能等级认定。",
                scheme=item.scheme,
                occupation=item.occupation,
                level=level,
                hours=hours,
                price=Decimal("1600.00") + 200 * n,
                town=TOWNS[n % len(TOWNS)],
                venue_text=f"{institution.name}实训楼",
                minimum=5,
                seats=30,
                teachers="王建国、李红",
                status=Offer.Status.PUBLISHED,
                created_by=None,
                published_at=clock.now(),
            )
        )
    return offers


def _free_staff(enterprise, trainee) -> list:
    """Staff in no running class (so a confirmed roster fits), other than the trainee who starts them."""
    busy = Enrolment.objects.filter(klass__status__in=ACTIVE).values("person_id")
    staff = services.staff_of(enterprise.organisation_id).exclude(pk__in=busy).exclude(pk=trainee.person_id)
    return list(staff.order_by("id")[:40])


def seed(ctx) -> None:
    trainee = User.objects.filter(username="trainee", person__isnull=False).first()
    enterprise = User.objects.filter(username="enterprise").first()
    institution = User.objects.filter(username="institution").first()
    if trainee is None or enterprise is None or institution is None:
        ctx.say("market groups: skipped (no demo trainee, enterprise or institution)")
        return
    on = clock.today()
    offers = _offers(institution.organisation, on)
    staff = _free_staff(enterprise, trainee)
    need = (offers[1].minimum - 1 + offers[2].minimum - 1) if len(offers) >= 4 else 0
    if len(offers) < 4 or len(staff) < need:
        ctx.say("market groups: skipped (too few filed courses or enterprise staff)")
        return
    staff_ids = [p.pk for p in staff]
    made = []

    def book(group, n, at):
        if n:
            with _on(at):
                return services.group_book(actor=enterprise, group=group, person_ids=staff_ids[:n])
        return group

    # Dissolved: started three weeks ago, two people in a week, the deadline passed below the minimum.
    started = on - dt.timedelta(days=21)
    if started >= PLAN_START:
        with _on(started):
            gone = services.group_start(
                actor=trainee, offer=offers[0], deadline=started + dt.timedelta(days=7)
            )
        book(gone, 1, started + dt.timedelta(days=2))
        made.append(gone)
    # Confirmed: full ten days ago; the class is submitted for approval.
    started = max(on - dt.timedelta(days=10), PLAN_START)
    with _on(started):
        confirmed = services.group_start(actor=trainee, offer=offers[1])
    confirmed = book(confirmed, confirmed.minimum - 1, started)
    klass = None
    # Confirmed today, or, near the end of the filing (the plan ends 2021-12-31), when a class still fitted.
    until = offers[1].filing_item.filing.valid_until
    day = on if on + dt.timedelta(days=10) <= until else max(started, until - dt.timedelta(days=10))
    # After any class its members are already in (the roster refuses overlapping training).
    members = GroupMember.objects.filter(group=confirmed).values("person_id")
    busy = Enrolment.objects.filter(person_id__in=members, klass__status__in=ACTIVE).aggregate(
        last=Max("klass__end_date")
    )["last"]
    start = max(day + dt.timedelta(days=3), (busy or day) + dt.timedelta(days=1))
    end = min(start + dt.timedelta(days=27), until)
    if start <= end:
        try:
            with _on(day):
                klass = services.group_confirm(
                    actor=institution, group=confirmed, start_date=start, end_date=end
                )
        except ERRORS as exc:  # a demo person already in a class then: the group stays reached
            ctx.say(f"market groups: group {confirmed.code} not confirmed ({exc})")
    made.append(confirmed)
    # Reached, waiting for the institution; and open, three short of its minimum.
    reached = services.group_start(actor=trainee, offer=offers[2])
    staff_ids = staff_ids[confirmed.minimum - 1 :]
    made.append(book(reached, reached.minimum - 1, on))
    open_group = services.group_start(actor=trainee, offer=offers[3], deadline=on + dt.timedelta(days=10))
    made.append(book(open_group, 1, on))
    # Wishes on the demand board.
    for occupation, level, town, n in WISHES:
        wish = services.group_start(actor=trainee, occupation=occupation, level=level, town=town)
        made.append(book(wish, n, on))
    dissolved = services.groups_dissolve(on=on)
    ctx.say(
        f"  培训超市拼团 {len(made)} 个（含心愿 {len(WISHES)} 个），已解散 {dissolved} 个"
        + (f"，已开班 {klass.code}" if klass else "")
    )
