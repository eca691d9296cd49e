"""Reads of the registry, scoped to the acting user."""

from django.db.models import Q, QuerySet

from skillup.accounts.roles import Role
from skillup.accounts.scoping import scope
from skillup.registry import crypto
from skillup.registry.models import Enterprise, Institution, Organisation, OrgKind, Person
from skillup.registry.validators import validate_id_number

# Paths by which a person is visible to an organisation; apps further down the chain (training,
# subsidies) reach people through their own rows and are listed here as lookups, not imports.
PERSON_INSTITUTION_PATHS = "enrolments__klass__institution_id"
PERSON_DEPARTMENT_PATHS = "enrolments__klass__department_id"


def people_visible_to(user) -> QuerySet[Person]:
    qs = Person.objects.select_related("employer")
    return scope(
        qs,
        user,
        enterprise="employer_id",
        person="id",
        institution=_existing(PERSON_INSTITUTION_PATHS),
        department=_existing(PERSON_DEPARTMENT_PATHS),
    )


def _existing(path: str) -> str | None:
    """A lookup path only when the relation exists yet (the training app adds `enrolments`)."""
    first = path.split("__")[0]
    names = {f.name for f in Person._meta.get_fields()} | {
        getattr(f, "related_name", None) for f in Person._meta.related_objects
    }
    return path if first in names else None


def person_search(qs: QuerySet[Person], q: str = "", *, id_hash: str = "") -> QuerySet[Person]:
    """A full identity number finds its person through the keyed hash (pages pass the hash they keep in
    the session: registry.search); anything else searches names."""
    if id_hash:
        return qs.filter(id_hash=id_hash)
    q = (q or "").strip()
    if not q:
        return qs
    try:
        number = validate_id_number(q)
    except ValueError:
        return qs.filter(Q(name__icontains=q) | Q(phone=q))
    return qs.filter(id_hash=crypto.lookup_hash(number))


def person_by_id_number(id_number: str) -> Person | None:
    """Look-up for services (not scoped: a service decides what the actor may do with the answer)."""
    return Person.objects.filter(id_hash=crypto.lookup_hash(id_number)).first()


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Bureaus and departments are public to every signed-in user; institutions and enterprises to
    officers, and each to its own staff."""
    qs = Organisation.objects.all()
    if user.role in (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT):
        return qs
    own = Q(pk=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return qs.filter(Q(kind__in=[OrgKind.HR, OrgKind.FINANCE, OrgKind.DEPARTMENT]) | own)


def departments() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT]).order_by("id")


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.select_related("organisation")
    return scope(
        qs,
        user,
        enterprise="organisation_id",
        wide=frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT}),
    )


def institutions_visible_to(user) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("organisation")
    return scope(
        qs,
        user,
        institution="organisation_id",
        wide=frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT}),
    )


def bank_account_changes(organisation: Organisation):
    """The audited changes of an organisation's bank account, newest first (old and new masked)."""
    from skillup.accounts.models import AuditEntry

    return AuditEntry.objects.filter(
        action="organisation.bank_account",
        object_type="registry.organisation",
        object_id=str(organisation.pk),
    ).order_by("-seq")


def people_filtered(user, params, term):
    """The people list's filters (page, export): the search term (name or identity number) and a group."""
    from skillup.registry.groups import TARGET_GROUPS

    qs = person_search(people_visible_to(user), term.text, id_hash=term.id_hash)
    group = params.get("group", "")
    if group in TARGET_GROUPS:
        qs = qs.filter(groups__contains=f",{group},")
    return qs
