"""The certificate register in the API: assessment institutions (and HR) register certificates; every
scoped role reads them; the applicant sends a scan for a claim waiting for verification; HR decides."""

import base64
import binascii
import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from skillup.api.types import Id, Limit, Offset
from skillup.certificates import selectors, services
from skillup.core.errors import RuleViolation
from skillup.registry.search import refuse_in_url
from skillup.subsidies import verification as queue_services

router = Router(tags=["证书库"])


class CertificateIn(Schema):
    id_number: str
    name: str
    family: (
        str  # qualification | skill_level | special_ability, or 国家职业资格 / 职业技能等级 / 专项职业能力
    )
    occupation: str
    level: str = ""
    number: str
    issued_on: dt.date
    issuer_name: str | None = None  # HR only (provincial register); an assessment institution issues its own


class CertificateOut(Schema):
    id: int
    number: str
    id_number: str
    name: str
    family: str
    family_name: str
    occupation: str
    level: str
    issuer_name: str
    issued_on: dt.date
    source: str
    source_name: str

    @staticmethod
    def of(c) -> dict:
        return {
            "id": c.pk,
            "number": c.number,
            "id_number": c.person.id_masked,
            "name": c.person.name,
            "family": c.family,
            "family_name": c.get_family_display(),
            "occupation": c.occupation,
            "level": c.level,
            "issuer_name": c.issuer_name,
            "issued_on": c.issued_on,
            "source": c.source,
            "source_name": c.get_source_display(),
        }


class CertificatesOut(Schema):
    count: int
    certificates: list[CertificateOut]


class ImportOut(Schema):
    added: int
    people_registered: int


class AcceptIn(Schema):
    family: str
    occupation: str
    level: str = ""
    number: str
    issued_on: dt.date
    issuer_name: str


class RefuseIn(Schema):
    reason: str


class EvidenceIn(Schema):
    content_base64: str
    filename: str = ""


class DecisionOut(Schema):
    id: int
    status: str
    status_name: str
    amount: str
    refusals: list[str]


def _decision(claim) -> dict:
    return {
        "id": claim.pk,
        "status": claim.status,
        "status_name": claim.get_status_display(),
        "amount": f"{claim.amount:.2f}",
        "refusals": claim.refusals,
    }


def decode_scan(content_base64: str, field: str) -> bytes:
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise RuleViolation("扫描件应为 base64 编码的 PDF、JPEG 或 PNG", field=field) from None


@router.post("/certificates", response={201: CertificateOut}, summary="登记证书（评价机构、人社局）")
def certificate_register(request, body: CertificateIn):
    fields = body.dict()
    if fields.get("issuer_name") is None:
        fields.pop("issuer_name")
    cert = services.certificate_register(actor=request.user, **fields)
    return Status(201, CertificateOut.of(cert))


@router.post("/certificates/import", response=ImportOut, summary="批量导入证书（.xlsx，全部或全不）")
def certificates_import(request, file: UploadedFile = File(None)):  # noqa: B008 (ninja idiom)
    if file is None:
        raise RuleViolation("请上传 .xlsx 文件（使用证书登记模板）", field="file")
    if file.size > 20 * 1024 * 1024:
        raise RuleViolation("文件超过 20 MB，请拆分后上传", field="file")
    return services.certificates_import(actor=request.user, content=file.read())


@router.get("/certificates", response=CertificatesOut, summary="证书列表（按权限范围）")
def certificate_list(
    request,
    person: str = "",
    number: str = "",
    occupation: str = "",
    source: str = "",
    issuer: str = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """`person`: part of a name; a full identity number goes in the body of `POST /certificates/search`."""
    refuse_in_url(person, field="person", instead="POST /api/v1/certificates/search")  # issue 10 item 9
    return _certificate_page(
        request,
        number=number,
        person=person,
        occupation=occupation,
        source=source,
        issuer=issuer,
        limit=limit,
        offset=offset,
    )


def _certificate_page(request, *, limit: int, offset: int, **filters) -> dict:
    qs = selectors.certificate_list(request.user, **filters)
    limit, offset = max(1, min(limit, 1000)), max(0, offset)
    return {"count": qs.count(), "certificates": [CertificateOut.of(c) for c in qs[offset : offset + limit]]}


class CertificateSearchIn(Schema):
    person: str = ""
    number: str = ""
    occupation: str = ""
    source: str = ""
    issuer: str = ""
    limit: Limit = 100
    offset: Offset = 0


@router.post("/certificates/search", response=CertificatesOut, summary="证书查询（可按完整身份证号）")
def certificate_search(request, body: CertificateSearchIn):
    """`person`: an identity number (exact) or part of a name — in the body, never in a URL."""
    return _certificate_page(request, **body.dict())


@router.get("/certificates/{int:cert_id}", response=CertificateOut, summary="证书详情")
def certificate_detail(request, cert_id: Id):
    return CertificateOut.of(get_object_or_404(selectors.certificates_visible_to(request.user), pk=cert_id))


def _claim(request, claim_id: Id):
    from skillup.subsidies.selectors import claims_visible_to

    return get_object_or_404(claims_visible_to(request.user), pk=claim_id)


@router.post(
    "/claims/{int:claim_id}/evidence", response=DecisionOut, summary="上传证书扫描件（待核验证书的申领）"
)
def claim_evidence(request, claim_id: Id, body: EvidenceIn):
    claim = _claim(request, claim_id)
    content = decode_scan(body.content_base64, "content_base64")
    queue_services.evidence_attach(
        actor=request.user, claim=claim, scan=services.evidence_read(_Named(content, body.filename))
    )
    claim.refresh_from_db()
    return _decision(claim)


@router.post(
    "/claims/{int:claim_id}/certificate/accept", response=DecisionOut, summary="核验证书通过（人社局）"
)
def verification_accept(request, claim_id: Id, body: AcceptIn):
    claim = queue_services.verification_accept(
        actor=request.user, claim=_claim(request, claim_id), **body.dict()
    )
    return _decision(claim)


@router.post(
    "/claims/{int:claim_id}/certificate/refuse", response=DecisionOut, summary="证书不予认定（人社局）"
)
def verification_refuse(request, claim_id: Id, body: RefuseIn):
    claim = queue_services.verification_refuse(
        actor=request.user, claim=_claim(request, claim_id), reason=body.reason
    )
    return _decision(claim)


class _Named(bytes):
    """Bytes that carry the uploader's file name (kept for the record, never used to store)."""

    def __new__(cls, content: bytes, name: str):
        obj = super().__new__(cls, content)
        obj.name = name
        return obj
