"""The competent department of a claim (附件1): derived by `training.departments.competent_department` from
the scheme, the occupation, the person's groups and the employer's kind — never chosen by the applicant.

For a class's claims the class's department stands (it was derived when the class was submitted). For an
application: the trainee's groups and their employer's kind, or for an enterprise's own claim the
enterprise's kind (and the groups of the person it names, if any).
"""

from skillup.registry.models import Enterprise, Organisation, Person
from skillup.training.departments import Competent, competent_department, department_of, employer_kind_of


def claim_competent(
    *, scheme: str, occupation: str, person: Person | None, enterprise: Organisation | None
) -> tuple[Competent, Organisation]:
    employer_id = enterprise.pk if enterprise is not None else (person.employer_id if person else None)
    employer = Enterprise.objects.filter(organisation_id=employer_id).first() if employer_id else None
    competent = competent_department(
        scheme=scheme,
        occupation=occupation,
        groups=person.group_list if person is not None else (),
        employer_kind=employer_kind_of(employer),
    )
    return competent, department_of(competent)


def line(department: Organisation, cite: str) -> dict:
    """The basis line of the routing (checks.run puts the claim's `explain` lines into its basis)."""
    return {"rule": "department", "clause": "附件1", "detail": f"主管部门：{department.label}（{cite}）"}


def cite_of(claim) -> str:
    """The routing line of a claim, for pages and the API ('' for claims made before routing was kept)."""
    for line in (claim.facts or {}).get("explain") or ():
        if line.get("rule") == "department":
            return line.get("detail", "")
    return ""
