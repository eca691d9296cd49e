"""Reads of the 待核验证书 queue (subsidies/verification.py): HR decides, the auditor reads."""

from django.db.models import QuerySet

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.subsidies.models import Claim

QUEUE_ROLES = (Role.HR, Role.HR_ADMIN, Role.AUDITOR)


def queue_visible_to(user) -> QuerySet[Claim]:
    """Claims waiting for their certificate to be verified, oldest first."""
    if user.role not in QUEUE_ROLES:
        return Claim.objects.none()
    return (
        scope(Claim.objects.all(), user)
        .filter(status=Claim.Status.CERT_PENDING)
        .select_related("person", "department")
        .order_by("created_at", "id")
    )
