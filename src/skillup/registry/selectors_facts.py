"""Reads of the registry facts behind claims, scoped to the acting user: an enterprise sees its own
employees, recognitions and chief technicians; the district-wide roles see all. Venues are a public
register for every staff role."""

from django.db.models import QuerySet

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.registry.models_facts import ChiefTechnician, Employment, Recognition, Venue


def employments_visible_to(user) -> QuerySet[Employment]:
    qs = Employment.objects.select_related("person", "enterprise")
    return scope(qs, user, enterprise="enterprise_id", person="person_id")


def recognitions_visible_to(user) -> QuerySet[Recognition]:
    return scope(Recognition.objects.select_related("enterprise"), user, enterprise="enterprise_id")


def chiefs_visible_to(user) -> QuerySet[ChiefTechnician]:
    qs = ChiefTechnician.objects.select_related("enterprise", "person")
    return scope(qs, user, enterprise="enterprise_id", person="person_id")


def venues_visible_to(user) -> QuerySet[Venue]:
    if user is None or not user.is_authenticated or user.role == Role.TRAINEE:
        return Venue.objects.none()
    return Venue.objects.select_related("owner")
