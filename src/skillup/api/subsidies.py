"""Claims in the API (API.md): create from a class's results, list, read, review."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from skillup.api.types import Id, Int, Limit, Offset
from skillup.policy.catalogue import default_catalogue
from skillup.registry.search import refuse_in_url
from skillup.subsidies import review, routing, selectors, services
from skillup.subsidies.checks import REFUSAL_NAMES
from skillup.subsidies.models import Claim

router = Router(tags=["补贴申领"])


class BasisOut(Schema):
    rule: str
    clause: str
    detail: str


class ClaimOut(Schema):
    id: int
    class_: str | None = Field(None, alias="class")
    id_number: str | None = None
    name: str | None = None
    scheme: str
    scheme_name: str
    occupation: str
    level: str
    entitlement_date: dt.date
    year: int
    department: str
    department_cite: str
    payee_kind: str
    payee_name: str
    amount: str
    status: str
    status_name: str
    eligible: bool
    basis: list[BasisOut]
    refusals: list[str]
    refusal_names: list[str]

    @staticmethod
    def of(claim: Claim) -> dict:
        scheme = default_catalogue().scheme(claim.scheme)
        return {
            "id": claim.pk,
            "class": claim.klass.code if claim.klass_id else None,
            "id_number": claim.person.id_masked if claim.person_id else None,
            "name": claim.person.name if claim.person_id else None,
            "scheme": claim.scheme,
            "scheme_name": scheme.name_zh if scheme else claim.scheme,
            "occupation": claim.occupation,
            "level": claim.level,
            "entitlement_date": claim.entitlement_date,
            "year": claim.year,
            "department": claim.department.code,
            "department_cite": routing.cite_of(claim),
            "payee_kind": claim.payee_kind,
            "payee_name": claim.payee_name,
            "amount": f"{claim.amount:.2f}",
            "status": claim.status,
            "status_name": claim.get_status_display(),
            "eligible": claim.eligible,
            "basis": claim.basis,
            "refusals": claim.refusals,
            "refusal_names": [REFUSAL_NAMES.get(c, c) for c in claim.refusals],
        }


def _out(claim: Claim) -> dict:
    return ClaimOut.of(claim)


class ClaimsOut(Schema):
    count: int
    claims: list[ClaimOut]


class ReviewIn(Schema):
    decision: str
    reason: str = ""


class BulkReviewIn(Schema):
    claim_ids: list[Id]
    decision: str
    reason: str = ""


class BulkReviewOut(Schema):
    approved: list[int]
    rejected: list[int]
    refused: list[dict]
    skipped: list[dict]
    amount: str
    message: str


class ApplyIn(Schema):
    scheme: str
    # The competent department is derived (附件1); a `department` sent by an old client is ignored and the
    # answer's `department` is the derived one.
    department: str | None = None
    class_: str | None = Field(None, alias="class")
    entitlement_date: dt.date | None = None
    id_number: str | None = None
    occupation: str | None = None
    level: str | None = None
    cost: str | None = None
    kind: str | None = None
    months: Int | None = None
    year_of_scheme: Int | None = None
    days: Int | None = None
    certificate_no: str | None = None
    evidence_base64: str | None = None  # optional scan of the certificate (PDF/JPEG/PNG, base64)


def _class_for(user, code: str):
    from skillup.training.selectors import classes_visible_to

    return get_object_or_404(classes_visible_to(user), code=code)


class ClassClaimsIn(Schema):
    cost: str | None = None
    kind: str | None = None


@router.post(
    "/classes/{code}/claims", response={201: ClaimsOut}, by_alias=True, summary="按考核合格学员申领补贴"
)
def claims_for_class(request, code: str, body: ClassClaimsIn = None):
    """Optional body for "up to" schemes: the actual cost per trainee and the kind."""
    klass = _class_for(request.user, code)
    created = services.claims_create_for_class(
        actor=request.user, klass=klass, cost=body.cost if body else None, kind=body.kind if body else None
    )
    claims = selectors.claim_list(request.user).filter(pk__in=[c.pk for c in created]).order_by("id")
    return Status(201, {"count": len(created), "claims": [_out(c) for c in claims]})


@router.get("/claims", response=ClaimsOut, by_alias=True, summary="申领列表")
def claim_list(
    request,
    status: str = "",
    scheme: str = "",
    year: str = "",
    department: str = "",
    q: str = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    klass = request.GET.get("class", "")
    refuse_in_url(q, field="q", instead="POST /api/v1/claims/search")  # issue 10 item 9
    return _claim_page(
        request,
        status=status,
        scheme=scheme,
        year=year,
        department=department,
        q=q,
        klass=klass,
        limit=limit,
        offset=offset,
    )


def _claim_page(request, *, limit: int, offset: int, **filters) -> dict:
    qs = selectors.claim_list(request.user, **filters).order_by("id")
    limit = max(1, min(limit, 1000))
    return {"count": qs.count(), "claims": [_out(c) for c in qs[offset : offset + limit]]}


class ClaimSearchIn(Schema):
    q: str = ""
    status: str = ""
    scheme: str = ""
    year: str = ""
    department: str = ""
    class_: str = Field("", alias="class")
    limit: Limit = 100
    offset: Offset = 0


@router.post("/claims/search", response=ClaimsOut, by_alias=True, summary="申领查询（可按完整身份证号）")
def claim_search(request, body: ClaimSearchIn):
    """The list of `GET /claims` with the filters in the body, so that a full identity number in `q` never
    travels in a URL (access logs keep URLs; issue 10 item 9)."""
    return _claim_page(
        request,
        status=body.status,
        scheme=body.scheme,
        year=body.year,
        department=body.department,
        q=body.q,
        klass=body.class_,
        limit=body.limit,
        offset=body.offset,
    )


@router.get("/claims/{int:claim_id}", response=ClaimOut, by_alias=True, summary="申领详情")
def claim_detail(request, claim_id: Id):
    return _out(get_object_or_404(selectors.claim_list(request.user), pk=claim_id))


@router.post("/claims/{int:claim_id}/review", response=ClaimOut, by_alias=True, summary="审核（通过或退回）")
def claim_review(request, claim_id: Id, body: ReviewIn):
    claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=claim_id)
    review.claim_review(claim=claim, actor=request.user, decision=body.decision, reason=body.reason)
    return _out(selectors.claim_list(request.user).get(pk=claim_id))


@router.post("/claims/review", response=BulkReviewOut, summary="批量审核")
def claims_review_bulk(request, body: BulkReviewIn):
    visible = set(
        selectors.claims_visible_to(request.user).filter(pk__in=body.claim_ids).values_list("id", flat=True)
    )
    summary = review.claims_review_bulk(
        actor=request.user, claim_ids=sorted(visible), decision=body.decision, reason=body.reason
    )
    # A held claim (integrity) is not processed either: its message says why its money is held.
    skipped = [{"id": i, "message": m} for i, m in summary.skipped + summary.held]
    skipped += [
        {"id": i, "message": "未找到，或不在您的权限范围内"} for i in sorted(set(body.claim_ids) - visible)
    ]
    return {
        "approved": summary.approved,
        "rejected": summary.rejected,
        "refused": [{"id": i, "message": m} for i, m in summary.refused],
        "skipped": skipped,
        "amount": f"{summary.amount:.2f}",
        "message": summary.message(),
    }


class ResubmitIn(Schema):
    occupation: str | None = None
    level: str | None = None
    cost: str | None = None
    kind: str | None = None
    months: Int | None = None
    year_of_scheme: Int | None = None
    days: Int | None = None


@router.post("/claims/{int:claim_id}/resubmit", response=ClaimOut, by_alias=True, summary="更正后重新提交")
def claim_resubmit(request, claim_id: Id, body: ResubmitIn = None):
    claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=claim_id)
    facts = {k: v for k, v in (body.dict() if body else {}).items() if v is not None}
    services.claim_resubmit(actor=request.user, claim=claim, facts=facts or None)
    return _out(selectors.claim_list(request.user).get(pk=claim_id))


@router.post("/claims", response={201: ClaimOut}, by_alias=True, summary="个人或企业申请补贴")
def claim_apply(request, body: ApplyIn):
    klass = _class_for(request.user, body.class_) if body.class_ else None
    facts = body.dict(
        exclude={"scheme", "department", "class_", "entitlement_date", "id_number", "evidence_base64"}
    )
    evidence = None
    if body.evidence_base64:
        from skillup.api.certificates import decode_scan

        evidence = decode_scan(body.evidence_base64, "evidence_base64")
    claim = services.claim_apply(
        actor=request.user,
        scheme=body.scheme,
        entitlement_date=body.entitlement_date,
        facts=facts,
        id_number=body.id_number,
        klass=klass,
        evidence=evidence,
    )
    return Status(201, _out(selectors.claim_list(request.user).get(pk=claim.pk)))
