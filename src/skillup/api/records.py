"""The lifelong record in the API: the trainee's own, and a person's as HR (or an institution, its own
classes' part) sees it; the same selector as the pages, so the same scope (404 for anyone else)."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from skillup.api.types import Id
from skillup.records.selectors import Record, record_visible_to

router = Router(tags=["终身档案"])


class RecordClassOut(Schema):
    class_code: str
    institution: str
    occupation: str
    level: str
    start_date: dt.date
    end_date: dt.date
    planned_hours: int
    attended_hours: str
    result: str
    certificate_number: str | None = None


class RecordCertificateOut(Schema):
    number: str
    family: str
    family_name: str
    occupation: str
    level: str
    issuer_name: str
    issued_on: dt.date


class RecordSubsidyOut(Schema):
    claim_id: int
    scheme: str
    occupation: str
    level: str
    year: int
    amount: str
    status: str
    status_name: str
    paid_on: dt.date | None = None


class RecordHistoryOut(Schema):
    year: int
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    institution_name: str
    occupation: str
    level: str
    hours: str | None = None
    certificate_no: str
    certificate_issuer: str
    source_system: str


class RecordOut(Schema):
    person_id: int
    name: str
    id_number: str  # masked
    scope: str  # full | institution (only the parts from the caller's own classes)
    total_hours: str
    level_reached: str
    classes: list[RecordClassOut]
    certificates: list[RecordCertificateOut]
    subsidies: list[RecordSubsidyOut]
    history: list[RecordHistoryOut]


def _out(r: Record) -> dict:
    return {
        "person_id": r.person.pk,
        "name": r.person.name,
        "id_number": r.person.id_masked,
        "scope": r.scope,
        "total_hours": str(r.total_hours),
        "level_reached": r.level_reached,
        "classes": [
            {
                "class_code": c.code, "institution": c.institution, "occupation": c.occupation,
                "level": c.level, "start_date": c.start_date, "end_date": c.end_date,
                "planned_hours": c.planned_hours, "attended_hours": str(c.attended_hours), "result": c.result,
                "certificate_number": c.certificate.number if c.certificate else None,
            }
            for c in r.classes
        ],
        "certificates": [
            {
                "number": c.number, "family": c.family, "family_name": c.get_family_display(),
                "occupation": c.occupation, "level": c.level, "issuer_name": c.issuer_name,
                "issued_on": c.issued_on,
            }
            for c in r.certificates
        ],
        "subsidies": [
            {
                "claim_id": c.pk, "scheme": c.scheme, "occupation": c.occupation, "level": c.level,
                "year": c.year, "amount": f"{c.amount:.2f}", "status": c.status,
                "status_name": c.get_status_display(), "paid_on": c.paid_on,
            }
            for c in r.claims
        ],
        "history": [
            {
                "year": h.year, "start_date": h.start_date, "end_date": h.end_date,
                "institution_name": h.institution_name, "occupation": h.occupation, "level": h.level,
                "hours": None if h.hours is None else str(h.hours), "certificate_no": h.certificate_no,
                "certificate_issuer": h.certificate_issuer, "source_system": h.source_system,
            }
            for h in r.history
        ],
    }  # fmt: skip


@router.get("/me/record", response=RecordOut, summary="我的终身职业技能培训档案（学员本人）")
def my_record(request):
    user = request.user
    if user.role != "trainee" or not user.person_id:
        raise Http404
    return _out(record_visible_to(user, user.person_id))


@router.get(
    "/people/{person_id}/record",
    response=RecordOut,
    summary="人员的终身档案（人社局全部；培训机构仅本机构培训部分；其他 404）",
)
def person_record(request, person_id: Id):
    return _out(record_visible_to(request.user, person_id))
