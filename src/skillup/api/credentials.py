"""Verifiable credentials (issue 14): the signed JSON to its holder and HR, and public verification."""

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from skillup.core import throttle
from skillup.core.errors import RuleViolation
from skillup.records import selectors_credentials as sel
from skillup.records import services_credentials as svc
from skillup.records.permissions_credentials import can_read_credential

router = Router(tags=["可验证凭证"])

MAX_SUBMISSION = 200_000  # characters: a record bundle of many certificates stays well below


class VerifyIn(Schema):
    credential: str | dict[str, Any]


class VerifyOut(Schema):
    valid: bool
    revoked: bool
    issuer: str | None
    checked_at: str
    message: str
    revoked_inside: list[str] = []  # a record bundle: the embedded credentials revoked since it was issued


@router.post(
    "/credentials/verify",
    auth=None,
    response=VerifyOut,
    summary="验证凭证（公开；提交 JWS 或凭证 JSON）",
    description="`credential` 为签名凭证（紧凑 JWS，EdDSA）或凭证 JSON。返回 `valid`（签名正确且未撤销）、"
    "`revoked`、`issuer`、`checked_at`。同一地址每分钟最多 60 次。",
)
def credential_verify(request, body: VerifyIn):
    address = throttle.client_ip(request)
    throttle.check("credentials_verify", address)
    throttle.hit("credentials_verify", address)
    submitted = body.credential
    if len(str(submitted)) > MAX_SUBMISSION:
        raise RuleViolation("提交的凭证过大，请只提交一份凭证", field="credential")
    return svc.verify(submitted)


@router.get(
    "/credentials/{public_id}",
    summary="签名凭证 JSON（持有人本人、人社局）",
    description="返回凭证 JSON（`credential`）和其签名形式（`jws`，VC-JOSE：header {alg: EdDSA, kid, typ: vc+jwt}）。",
)
def credential_get(request, public_id: str):
    credential = sel.credential_for(request.user, public_id)
    if not can_read_credential(request.user, credential):  # the selector scopes; this is the same rule
        raise Http404
    return {
        "id": credential.public_id,
        "kind": credential.kind,
        "revoked": credential.revoked_at is not None,
        "credential": credential.document,
        "jws": credential.jws,
        "verify_url": svc.verify_url(credential.public_id),
    }
