"""Writes of the public training bases' places and bookings (第16条; 附件2 注1). One transaction each, with
its audit row. A booking locks its place, so concurrent bookings never hold more workstations than the
place has in any moment of the session's time."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from skillup.accounts import audit
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry.models import Venue
from skillup.training.models import Session
from skillup.training.models_bases import BaseBooking, BasePlace
from skillup.training.permissions import can_book_base, can_cancel_booking, can_keep_base_places, is_owner

MAX_CAPACITY = 500


def _capacity(value, errors: list) -> int:
    raw = str(value if value is not None else "").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_CAPACITY:
        errors.append(FieldError(f"工位数应为 1–{MAX_CAPACITY} 的整数", field="capacity", label="工位数"))
        return 0
    return int(raw)


@transaction.atomic
def place_create(*, actor, venue: Venue, name: str, capacity, occupations: str = "") -> BasePlace:
    """HR records a place of a venue recognised as a public training base (now or in the past)."""
    require(can_keep_base_places(actor))
    errors: list[FieldError] = []
    if venue.base_from is None:
        errors.append(FieldError("该场地未被认定为公共实训基地", field="venue", label="公共实训基地"))
    name = (name or "").strip()
    if not name or len(name) > 100:
        errors.append(FieldError("请填写实训室名称（不超过 100 字）", field="name", label="实训室（工位区）"))
    seats = _capacity(capacity, errors)
    if name and BasePlace.objects.filter(venue=venue, name=name).exists():
        errors.append(FieldError("该基地已有同名实训场所", field="name", label="实训室（工位区）"))
    if errors:
        raise RuleViolation(errors)
    place = BasePlace.objects.create(
        venue=venue,
        name=name,
        capacity=seats,
        occupations=(occupations or "").strip()[:300],
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="base.place_create",
        obj=place,
        changes={"capacity": [None, seats]},
        summary=f"{venue.name} 新增实训场所「{name}」（{seats} 个工位）",
    )
    return place


@transaction.atomic
def place_update(*, actor, place: BasePlace, capacity, active: bool) -> BasePlace:
    require(can_keep_base_places(actor))
    place = BasePlace.objects.select_for_update().get(pk=place.pk)
    errors: list[FieldError] = []
    seats = _capacity(capacity, errors)
    if errors:
        raise RuleViolation(errors)
    before = {"capacity": place.capacity, "active": place.active}
    place.capacity, place.active = seats, bool(active)
    place.save(update_fields=["capacity", "active"])
    audit.record(
        actor=actor,
        action="base.place_update",
        obj=place,
        changes=audit.diff(before, {"capacity": seats, "active": place.active}),
        summary=f"{place} 工位数 {seats}，{'开放' if place.active else '暂停'}预约",
    )
    return place


def seats_taken(place: BasePlace, session, *, exclude_booking=None) -> int:
    """Workstations already held at the place by confirmed bookings overlapping the session's time."""
    qs = BaseBooking.objects.filter(
        place=place,
        date=session.date,
        status=BaseBooking.Status.CONFIRMED,
        starts_at__lt=session.ends_at,
        ends_at__gt=session.starts_at,
    )
    if exclude_booking is not None:
        qs = qs.exclude(pk=exclude_booking.pk)
    return qs.aggregate(n=Sum("seats"))["n"] or 0


@transaction.atomic
def booking_create(*, actor, session: Session, place: BasePlace, seats=None) -> BaseBooking:
    """The class's institution books `seats` workstations (default: the class's roster) for a practical
    session from today on. The session then takes place at the base's venue."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("klass", "venue").get(pk=session.pk)
    )
    require(is_owner(actor, session.klass))
    verdict = can_book_base(actor, session)
    if not verdict:
        raise StateConflict(verdict.reason)
    place = BasePlace.objects.select_for_update(of=("self",)).select_related("venue").get(pk=place.pk)
    errors: list[FieldError] = []
    if not place.active:
        errors.append(FieldError("该实训场所暂停预约", field="place", label="实训场所"))
    if not place.venue.is_public_base(session.date):
        errors.append(
            FieldError(
                f"{place.venue.name}在{session.date:%Y-%m-%d}不是公共实训基地",
                field="place",
                label="实训场所",
            )
        )
    if session.date < today():
        errors.append(FieldError("只能预约今天及以后的课次", field="session", label="实操课次"))
    if BaseBooking.objects.filter(session=session, status=BaseBooking.Status.CONFIRMED).exists():
        errors.append(FieldError("该课次已有预约；如需更换请先取消原预约", field="session", label="实操课次"))
    if seats in (None, ""):
        seats = session.klass.enrolments.count() or 1
    raw = str(seats).strip()
    if not raw.isdigit() or int(raw) < 1:
        errors.append(FieldError("预约工位应为正整数", field="seats", label="预约工位"))
        wanted = 0
    else:
        wanted = int(raw)
    if errors:
        raise RuleViolation(errors)
    free = place.capacity - seats_taken(place, session)
    if wanted > free:
        raise RuleViolation(
            [
                FieldError(
                    f"该时段{place.name}剩余工位 {max(free, 0)} 个，不足 {wanted} 个；请换时段或场所",
                    field="seats",
                    label="预约工位",
                )
            ]
        )
    booking = BaseBooking.objects.create(
        place=place,
        session=session,
        date=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        seats=wanted,
        booked_by=actor,
    )
    if session.venue_id != place.venue_id:
        session.venue = place.venue
        session.save(update_fields=["venue"])
    audit.record(
        actor=actor,
        action="base.book",
        obj=booking,
        changes={"seats": [None, wanted], "session": [None, session.pk]},
        summary=f"{session.klass.code} 预约 {place} {session.date:%Y-%m-%d} {session.starts_at:%H:%M} {wanted} 个工位",
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor, booking: BaseBooking, reason: str) -> BaseBooking:
    booking = (
        BaseBooking.objects.select_for_update(of=("self",))
        .select_related("session__klass", "place")
        .get(pk=booking.pk)
    )
    require(can_cancel_booking(actor, booking))
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise RuleViolation([FieldError("请填写取消原因（不超过 300 字）", field="reason", label="取消原因")])
    booking.status = BaseBooking.Status.CANCELLED
    booking.cancelled_by = actor
    booking.cancelled_at = timezone.now()
    booking.cancel_reason = reason
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    audit.record(
        actor=actor,
        action="base.cancel",
        obj=booking,
        changes={"status": ["confirmed", "cancelled"], "reason": [None, reason]},
        summary=f"取消 {booking.session.klass.code} 在 {booking.place} 的预约：{reason}",
    )
    return booking
