"""Reads of the what-if screen: drafts and runs are the district's (HR, HR admin, Finance, auditors)."""

from django.db.models import QuerySet

from skillup.accounts.scoping import scope
from skillup.whatif.models import Draft, Run


def drafts_visible_to(user) -> QuerySet[Draft]:
    return scope(Draft.objects.select_related("author"), user)


def runs_visible_to(user) -> QuerySet[Run]:
    return scope(Run.objects.select_related("draft", "requested_by"), user)
