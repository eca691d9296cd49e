"""Reads of group-buys and wishes, scoped to the acting user.

A group's page is public by its code (the share link shows the course, the count and the deadline, never
who joined); the lists below are each person's or organisation's own. An institution acts only on groups
of its own offers: another institution's group is not found (404) for confirming.
"""

from django.db.models import Q, QuerySet

from skillup.accounts.roles import Role
from skillup.market.models import Group, GroupMember, Offer
from skillup.market.models_groups import Notification

G = Group.Status
OPEN = (G.OPEN, G.REACHED)


def _groups() -> QuerySet[Group]:
    return Group.objects.select_related("offer", "offer__institution", "klass")


def group_by_code(code: str) -> Group:
    """Anyone with the link (raises Group.DoesNotExist)."""
    return _groups().get(code=(code or "").strip().upper())


def group_for_institution(user, code: str) -> Group:
    """One of the institution's own groups (raises Group.DoesNotExist for any other: 404)."""
    return _groups().get(code=(code or "").strip().upper(), offer__institution_id=user.organisation_id)


def open_groups() -> QuerySet[Group]:
    """The square (拼团广场): groups of offers anyone may still join, soonest deadline first."""
    return _groups().filter(status__in=OPEN, offer__isnull=False)


def open_wishes() -> QuerySet[Group]:
    return _groups().filter(status__in=OPEN, offer__isnull=True)


def groups_of(user) -> QuerySet[Group]:
    """The groups that concern the user: a trainee's own (joined or started), an enterprise's bookings, an
    institution's groups of its offers; nothing for other roles."""
    if user.role == Role.TRAINEE and user.person_id:
        mine = GroupMember.objects.filter(person_id=user.person_id).values("group_id")
        return _groups().filter(Q(pk__in=mine) | Q(started_by=user)).order_by("-created_at", "-id")
    if user.role == Role.ENTERPRISE and user.organisation_id:
        booked = GroupMember.objects.filter(booked_by_enterprise_id=user.organisation_id).values("group_id")
        return _groups().filter(pk__in=booked).order_by("-created_at", "-id")
    if user.role == Role.INSTITUTION and user.organisation_id:
        return _groups().filter(offer__institution_id=user.organisation_id).order_by("-created_at", "-id")
    return Group.objects.none()


def membership(user, group: Group) -> list[GroupMember]:
    """The user's own members of the group: their own seat, or the staff their enterprise booked."""
    members = GroupMember.objects.filter(group=group).select_related("person")
    if user.role == Role.TRAINEE and user.person_id:
        return list(members.filter(person_id=user.person_id))
    if user.role == Role.ENTERPRISE and user.organisation_id:
        return list(members.filter(booked_by_enterprise_id=user.organisation_id))
    return []


def roster_of(user, group: Group) -> list[GroupMember]:
    """Who joined, for the offer's institution only (names and masked ID numbers)."""
    if (
        group.offer is None
        or user.role != Role.INSTITUTION
        or user.organisation_id != group.offer.institution_id
    ):
        return []
    return list(GroupMember.objects.filter(group=group).select_related("person", "booked_by_enterprise"))


def offers_for_wish(user, group: Group) -> QuerySet[Offer]:
    """The institution's published offers that could answer the wish (same occupation)."""
    return Offer.objects.filter(
        institution_id=user.organisation_id, status=Offer.Status.PUBLISHED, occupation=group.occupation
    ).order_by("title")


def offer_published(pk) -> Offer:
    """A published offer (raises Offer.DoesNotExist)."""
    return Offer.objects.select_related("institution").get(pk=int(pk), status=Offer.Status.PUBLISHED)


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def awaiting_confirmation(user) -> QuerySet[Group]:
    """An institution's groups that reached their minimum and wait for it to confirm."""
    if user.role != Role.INSTITUTION or not user.organisation_id:
        return Group.objects.none()
    return Group.objects.filter(status=G.REACHED, offer__institution_id=user.organisation_id)
