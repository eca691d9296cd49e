"""Reads of the public training bases (第16条), scoped: every signed-in officer and institution sees the
bases and their places (they are public facilities); a booking's class is seen by those who see the class
(an institution its own; other bookings only as seats taken)."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from skillup.core.clock import today
from skillup.registry.models import Venue
from skillup.training.models import BaseBooking, BasePlace, Session
from skillup.training.selectors import classes_visible_to


def bases() -> QuerySet[Venue]:
    """Venues ever recognised as public training bases, with their places."""
    places = Prefetch("places", queryset=BasePlace.objects.order_by("name"))
    return (
        Venue.objects.filter(base_from__isnull=False)
        .select_related("owner")
        .prefetch_related(places)
        .annotate(capacity=Sum("places__capacity", filter=Q(places__active=True)))
        .order_by("name", "id")
    )


def base(pk: int) -> Venue:
    return bases().get(pk=pk)


def bookings_visible_to(user) -> QuerySet[BaseBooking]:
    visible = classes_visible_to(user).values("pk")
    return BaseBooking.objects.filter(session__klass__in=visible).select_related(
        "place__venue", "session__klass__institution"
    )


def place_bookings(user, place: BasePlace, *, since: dt.date | None = None) -> list[dict]:
    """The place's confirmed bookings from `since` (default today): every one with its time and seats;
    the class only where the user may see it."""
    since = since or today()
    mine = set(bookings_visible_to(user).filter(place=place).values_list("pk", flat=True))
    rows = []
    for b in (
        BaseBooking.objects.filter(place=place, status=BaseBooking.Status.CONFIRMED, date__gte=since)
        .select_related("session__klass__institution")
        .order_by("date", "starts_at")
    ):
        rows.append({"booking": b, "visible": b.pk in mine})
    return rows


def sessions_to_book(user, venue: Venue) -> QuerySet[Session]:
    """The institution's practical sessions from today on, of approved or running classes, not yet booked."""
    return (
        Session.objects.filter(
            klass__in=classes_visible_to(user).filter(
                institution_id=user.organisation_id, status__in=("approved", "running")
            ),
            practical=True,
            date__gte=today(),
        )
        .exclude(base_bookings__status=BaseBooking.Status.CONFIRMED)
        .select_related("klass")
        .annotate(roster=Count("klass__enrolments", distinct=True))
        .order_by("date", "starts_at")
    )


def usage_by_month(venue_ids=None) -> dict[tuple[int, str], dict]:
    """(venue id, "YYYY-MM") → {"seat_hours": Decimal, "bookings": n}: confirmed bookings' seats × the
    session's hours, summed in the database."""
    from django.db.models import DecimalField, ExpressionWrapper, F
    from django.db.models.functions import TruncMonth

    seat_hours = ExpressionWrapper(
        F("seats") * F("session__hours"), output_field=DecimalField(max_digits=14, decimal_places=1)
    )
    qs = BaseBooking.objects.filter(status=BaseBooking.Status.CONFIRMED)
    if venue_ids is not None:
        qs = qs.filter(place__venue_id__in=list(venue_ids))
    rows = (
        qs.annotate(month=TruncMonth("date"))
        .values("place__venue_id", "month")
        .annotate(seat_hours=Sum(seat_hours), bookings=Count("id"))
    )
    return {
        (r["place__venue_id"], f"{r['month']:%Y-%m}"): {
            "seat_hours": r["seat_hours"],
            "bookings": r["bookings"],
        }
        for r in rows
    }
