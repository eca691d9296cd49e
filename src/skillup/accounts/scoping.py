"""The one scoping helper every selector uses.

A selector names, for its model, the lookup path from the row to the organisation (or person) that owns
it; `scope()` keeps only the rows the acting user may see. District-wide roles see everything; every
other role sees only what its organisation (or, for a trainee, its own person) owns; anything the
selector did not declare for a role yields nothing. So an object of another organisation is simply not
found, which views and the API answer with 404.
"""

from django.db.models import Q, QuerySet

from skillup.accounts.roles import DISTRICT_WIDE, Role


def scope(
    qs: QuerySet,
    user,
    *,
    institution: str | None = None,
    enterprise: str | None = None,
    department: str | None = None,
    person: str | None = None,
    assessor: str | None = None,
    wide: frozenset[str] = DISTRICT_WIDE,
) -> QuerySet:
    """Each keyword is a lookup path (or several, joined by "|") from the row to an organisation id or,
    for `person`, to a Person id."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in wide:
        return qs
    paths = {
        Role.INSTITUTION: institution,
        Role.ENTERPRISE: enterprise,
        Role.DEPT: department,
        Role.TRAINEE: person,
        Role.ASSESSOR: assessor,
    }.get(user.role)
    target = user.person_id if user.role == Role.TRAINEE else user.organisation_id
    if not paths or target is None:
        return qs.none()
    condition = Q()
    for path in paths.split("|"):
        condition |= Q(**{path: target})
    return qs.filter(condition).distinct() if "|" in paths or "__" in paths else qs.filter(condition)
