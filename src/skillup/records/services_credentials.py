"""Issuing, revoking and sharing the district's verifiable credentials (docs/records.md "Credentials").

A certificate of the register becomes an Open Badges 3.0 credential (W3C VC Data Model 2.0), secured as
VC-JOSE: the whole credential is the payload of a compact JWS, header {alg: EdDSA, kid, typ: vc+jwt}."""

import datetime as dt
import hashlib
import json
import secrets

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.records import jose
from skillup.records.models_credentials import CredentialShare, IssuedCredential, IssuerKey
from skillup.records.permissions_credentials import (
    can_issue_credential,
    can_revoke_case_credentials,
    can_revoke_credential,
    can_share_credential,
    is_holder,
)
from skillup.registry import crypto

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
STATUS_LIST_ID = "1"  # one list for the district; 131,072 entries before a second is needed
SHARE_DAYS_MAX = 90


# --- keys -------------------------------------------------------------------------------------------


def _new_kid() -> str:
    return f"{clock.today():%Y%m%d}-{secrets.token_hex(4)}"


@transaction.atomic
def key_rotate(actor=None) -> IssuerKey:
    """A new current key; the one before is retired (it signs nothing new, stays published)."""
    if actor is not None:
        require(can_issue_credential(actor))
    private = Ed25519PrivateKey.generate()
    now = timezone.now()
    retired = list(IssuerKey.objects.select_for_update().filter(retired_at__isnull=True))
    IssuerKey.objects.filter(pk__in=[k.pk for k in retired]).update(retired_at=now)
    key = IssuerKey.objects.create(
        kid=_new_kid(),
        public_key=jose.b64url(jose.public_raw(private.public_key())),
        private_cipher=crypto.encrypt(jose.b64url(private.private_bytes_raw())),
    )
    audit.record(
        actor=actor,
        action="credentials.key_rotate",
        obj=key,
        changes={"retired": [k.kid for k in retired]},
        summary=f"启用签发密钥 {key.kid}"
        + (f"，停用 {'、'.join(k.kid for k in retired)}" if retired else ""),
    )
    return key


def live_key() -> IssuerKey | None:
    """The current signing key, or None before the district issued anything (a read never creates one)."""
    return IssuerKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-id").first()


def current_key() -> IssuerKey:
    """The key to sign with; the first issue creates it (a write path only)."""
    key = live_key()
    return key if key is not None else key_rotate()


def _private(key: IssuerKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(jose.b64url_decode(crypto.decrypt(key.private_cipher)))


def published_keys() -> dict[str, str]:
    """kid → public key of every key, current and retired: old credentials keep verifying."""
    return dict(IssuerKey.objects.order_by("created_at", "id").values_list("kid", "public_key"))


def jwks() -> dict:
    return {"keys": [jose.jwk(kid, x) for kid, x in published_keys().items()]}


def did_document() -> dict:
    did = settings.CREDENTIALS_DID
    methods = [
        {
            "id": f"{did}#{kid}",
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": x},
        }
        for kid, x in published_keys().items()
    ]
    refs = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": refs,
        "authentication": refs,
    }


# --- issuing ----------------------------------------------------------------------------------------


def issuer() -> dict:
    return {"id": settings.CREDENTIALS_DID, "type": ["Profile"], "name": settings.CREDENTIALS_ISSUER_NAME}


def base_url() -> str:
    return settings.CREDENTIALS_BASE_URL


def verify_url(public_id: str) -> str:
    return f"{base_url()}/credentials/v/{public_id}"


def status_list_url() -> str:
    return f"{base_url()}/credentials/status/{STATUS_LIST_ID}"


def _identifier(person) -> dict:
    """OB 3.0 IdentityObject: a salted SHA-256 of the identity number (never the number itself). The
    holder, knowing the number and the salt, can prove the credential is theirs."""
    salt = secrets.token_hex(8)
    number = crypto.decrypt(person.id_cipher)
    digest = hashlib.sha256((number + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "nationalIdentityNumber",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def _valid_from(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone()).isoformat()


def _next_index() -> int:
    top = IssuedCredential.objects.aggregate(m=Max("status_index"))["m"]
    return 0 if top is None else top + 1


def _status_entry(index: int) -> dict:
    return {
        "id": f"{status_list_url()}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": status_list_url(),
    }


def achievement(certificate) -> dict:
    title = (
        "".join(x for x in (certificate.occupation, certificate.level) if x)
        or certificate.get_family_display()
    )
    key = "|".join(
        (certificate.family, certificate.occupation_key or certificate.occupation, certificate.level)
    )
    return {
        "id": f"urn:skillup:achievement:{hashlib.sha256(key.encode()).hexdigest()[:20]}",
        "type": ["Achievement"],
        "achievementType": "Certificate" if certificate.family != "skill_level" else "License",
        "name": title,
        "description": f"{certificate.get_family_display()}：{title}",
        "criteria": {
            "narrative": f"经考核合格，由{certificate.issuer_name}颁发（证书编号 {certificate.number}）"
        },
        "fieldOfStudy": certificate.occupation,
        "tag": [certificate.get_family_display()] + ([certificate.level] if certificate.level else []),
    }


def _badge_document(public_id: str, certificate, index: int) -> dict:
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verify_url(public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer(),
        "validFrom": _valid_from(certificate.issued_on),
        "name": achievement(certificate)["name"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.person.name,
            "identifier": [_identifier(certificate.person)],
            "achievement": achievement(certificate),
        },
        "credentialStatus": _status_entry(index),
    }


def _sign(document: dict, key: IssuerKey) -> str:
    return jose.sign(document, _private(key), key.kid)


def _issue(actor, *, kind, person, certificate, build) -> IssuedCredential:
    # Locking the current key serialises issuing, so two issues never take the same status index.
    key = IssuerKey.objects.select_for_update().get(pk=current_key().pk)
    index = _next_index()
    public_id = secrets.token_urlsafe(12)
    document = build(public_id, index)
    credential = IssuedCredential.objects.create(
        public_id=public_id,
        kind=kind,
        certificate=certificate,
        person=person,
        key=key,
        jws=_sign(document, key),
        document=document,
        status_index=index,
        issued_by=actor,
    )
    audit.record(
        actor=actor,
        action="credentials.issue",
        obj=credential,
        changes={"kind": kind, "kid": key.kid, "status_index": index},
        summary=f"签发{credential.get_kind_display()} {public_id}（{person.name}）",
    )
    return credential


def _live_badge(certificate) -> IssuedCredential | None:
    return certificate.credentials.filter(kind=IssuedCredential.Kind.BADGE, revoked_at__isnull=True).first()


@transaction.atomic
def credential_issue(actor, certificate) -> IssuedCredential:
    """The certificate's credential: the live one if it was issued already, else a newly signed one."""
    if actor is not None:
        require(can_issue_credential(actor, certificate))
    existing = _live_badge(certificate)
    if existing is not None:
        return existing
    revoked = certificate.credentials.filter(
        kind=IssuedCredential.Kind.BADGE, revoked_at__isnull=False
    ).first()
    if revoked is not None:
        # A revocation stands: issuing again (one by one, "issue all" or inside a record bundle) would undo it.
        raise StateConflict(
            f"证书 {certificate.number} 的凭证已于 {timezone.localtime(revoked.revoked_at):%Y-%m-%d} 撤销（{revoked.revoked_reason}），不再签发"
        )
    return _issue(
        actor,
        kind=IssuedCredential.Kind.BADGE,
        person=certificate.person,
        certificate=certificate,
        build=lambda public_id, index: _badge_document(public_id, certificate, index),
    )


@transaction.atomic
def credentials_issue_missing(actor) -> int:
    """HR issues a credential for every certificate of the register that has no live one: all or nothing."""

    require(can_issue_credential(actor))
    from skillup.records.selectors_credentials import certificates_without_credential

    pending = certificates_without_credential().select_related("person")
    count = 0
    for certificate in pending.order_by("id"):
        credential_issue(actor, certificate)
        count += 1
    return count


@transaction.atomic
def record_bundle_issue(actor, person) -> IssuedCredential:
    """The person's whole record of certificates as one ClrCredential-like VC: every live certificate
    credential (issued now where missing) embedded as an enveloped VC (VC 2.0 §4.13), signed the same way."""
    if actor is not None:
        require(can_issue_credential(actor))
    # Certificates whose credential was revoked stay out of the bundle (and are never issued again).
    kept = person.certificates.exclude(
        credentials__kind=IssuedCredential.Kind.BADGE, credentials__revoked_at__isnull=False
    )
    badges = [credential_issue(actor, c) for c in kept.order_by("issued_on", "id")]

    def build(public_id, index):
        return {
            "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
            "id": verify_url(public_id),
            "type": ["VerifiableCredential", "ClrCredential"],
            "issuer": issuer(),
            "validFrom": timezone.localtime().isoformat(timespec="seconds"),
            "name": f"{person.name}的终身职业技能培训档案（证书汇总）",
            "credentialSubject": {
                "type": ["ClrSubject"],
                "identifier": [_identifier(person)],
                "achievement": [b.document["credentialSubject"]["achievement"] for b in badges],
                "verifiableCredential": [
                    {
                        "@context": VC_CONTEXT,
                        "type": "EnvelopedVerifiableCredential",
                        "id": f"data:application/vc+jwt,{b.jws}",
                    }
                    for b in badges
                ],
            },
            "credentialStatus": _status_entry(index),
        }

    return _issue(actor, kind=IssuedCredential.Kind.RECORD, person=person, certificate=None, build=build)


# --- revocation -------------------------------------------------------------------------------------


@transaction.atomic
def credential_revoke(actor, credential: IssuedCredential, reason: str) -> IssuedCredential:
    """HR revokes a credential with a reason (issue 11's confirmed cases may call this for the
    certificates of their claims). Verification and the status list then say revoked."""
    credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
    require(can_revoke_credential(actor, credential))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation([FieldError("请填写撤销理由", field="reason", label="撤销理由")])
    if len(reason) > 300:
        raise RuleViolation([FieldError("撤销理由不能超过 300 字", field="reason", label="撤销理由")])
    credential.revoked_at = timezone.now()
    credential.revoked_by = actor
    credential.revoked_reason = reason
    credential.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    CredentialShare.objects.filter(credential=credential, revoked_at__isnull=True).update(
        revoked_at=credential.revoked_at
    )
    audit.record(
        actor=actor,
        action="credentials.revoke",
        obj=credential,
        changes={"reason": reason, "status_index": credential.status_index},
        summary=f"撤销凭证 {credential.public_id}：{reason}",
    )
    return credential


def status_list_document() -> dict:
    revoked = set(
        IssuedCredential.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    )
    top = IssuedCredential.objects.aggregate(m=Max("status_index"))["m"] or 0
    return {
        "@context": [VC_CONTEXT],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer(),
        "validFrom": timezone.localtime().isoformat(timespec="seconds"),
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": jose.encode_bits(revoked, size=-(-(top + 1) // 8) * 8),
        },
    }


def status_list_jws() -> str | None:
    """The signed list, or None when the district has no key yet (then nothing was issued, nothing to
    revoke): a GET never writes a key."""
    key = live_key()
    return None if key is None else _sign(status_list_document(), key)


@transaction.atomic
def credentials_revoke_for_case(actor, case, credential_ids, reason: str) -> int:
    """HR revokes, in one go, the credentials of the certificates a confirmed case concerns: all or
    nothing, each with its audit row naming the case."""
    from skillup.records.selectors_credentials import case_credentials

    require(can_revoke_case_credentials(actor, case))
    wanted = {int(i) for i in credential_ids if str(i).isdigit()}
    rows = list(case_credentials(actor, case).filter(pk__in=wanted))
    if not wanted or len(rows) != len(wanted):
        raise RuleViolation([FieldError("请勾选本案涉及、尚未撤销的凭证", field="credentials", label="凭证")])
    text = f"核查案件 {case.code} 查实：{(reason or '').strip()}" if (reason or "").strip() else ""
    for credential in rows:
        credential_revoke(actor, credential, text)
    return len(rows)


# --- verification -----------------------------------------------------------------------------------


def _token_of(submitted) -> str | None:
    """The compact JWS in what was submitted: the JWS text, {"jws": ...}, or an enveloped VC."""
    if isinstance(submitted, str):
        text = submitted.strip()
        if text.startswith("{"):
            try:
                return _token_of(json.loads(text))
            except ValueError:
                return None
        return text
    if isinstance(submitted, dict):
        if isinstance(submitted.get("jws"), str):
            return submitted["jws"].strip()
        ident = submitted.get("id")
        if submitted.get("type") == "EnvelopedVerifiableCredential" and isinstance(ident, str):
            return ident.split(",", 1)[-1] if ident.startswith("data:application/vc+jwt,") else None
    return None


def _by_document(document: dict) -> IssuedCredential | None:
    """A credential's JSON without its proof is genuine only if it is exactly what the district issued."""
    ident = document.get("id")
    if not isinstance(ident, str) or not ident.startswith(f"{base_url()}/credentials/v/"):
        return None
    row = IssuedCredential.objects.filter(public_id=ident.rsplit("/", 1)[-1]).first()
    return row if row is not None and row.document == document else None


def verify(submitted) -> dict:
    """{valid, revoked, issuer, checked_at, message}: valid means signed by one of the district's keys
    (or, for bare JSON, identical to what it issued) and not revoked."""
    checked_at = timezone.localtime().isoformat(timespec="seconds")
    answer = {"valid": False, "revoked": False, "issuer": None, "checked_at": checked_at}
    row = None
    document: dict | None
    token = _token_of(submitted)
    if token is not None and token.count(".") == 2:
        try:
            payload = jose.verify(token, published_keys())
        except jose.BadJWS as exc:
            return {**answer, "message": str(exc)}
        row = IssuedCredential.objects.filter(jws=token).first()
        document = payload
    else:
        document = submitted if isinstance(submitted, dict) else None
        if isinstance(submitted, str):
            try:
                document = json.loads(submitted)
            except ValueError:
                document = None
        row = _by_document(document) if isinstance(document, dict) else None
        if row is None:
            return {**answer, "message": "无法识别：请提交本区签发的凭证（JWS 或完整的凭证 JSON）"}
    if not isinstance(document, dict) or _kind_of(document) is None or row is None:
        # Signed by the district but not a credential it issued to a person (e.g. its status list).
        return {**answer, "message": "不是本区签发的证书凭证或档案凭证"}
    answer["issuer"] = (document.get("issuer") or {}).get("name")
    if row.revoked_at is not None:
        return {**answer, "revoked": True, "message": "该凭证已被发证机关撤销"}
    inner = _revoked_inside(document)
    if inner:
        return {
            **answer,
            "revoked": True,
            "revoked_inside": inner,
            "message": f"档案中有 {len(inner)} 张证书的凭证已被发证机关撤销，该档案凭证不再有效",
        }
    return {**answer, "valid": True, "message": "凭证有效：由本区人社局签发，未被撤销"}


def state_of(credential: IssuedCredential) -> dict:
    """What every page shows of one issued credential — {state: valid|revoked|unknown, message} — from the
    same check the API and `skillup verify` make (a bundle is revoked when a certificate inside is)."""
    answer = verify(credential.jws)
    state = "revoked" if answer["revoked"] else "valid" if answer["valid"] else "unknown"
    return {"state": state, "message": answer["message"]}


KINDS = {"OpenBadgeCredential": IssuedCredential.Kind.BADGE, "ClrCredential": IssuedCredential.Kind.RECORD}


def _kind_of(document: dict) -> str | None:
    issued = jose.issued_type(document)
    return KINDS[issued] if issued else None


def _revoked_inside(document: dict) -> list[str]:
    """A record bundle embeds its certificates' credentials: any of them revoked since revokes the bundle."""
    tokens = jose.embedded_tokens(document)
    if not tokens:
        return []
    return list(
        IssuedCredential.objects.filter(jws__in=tokens, revoked_at__isnull=False)
        .order_by("status_index")
        .values_list("public_id", flat=True)
    )


# --- sharing ----------------------------------------------------------------------------------------


@transaction.atomic
def share_create(actor, credential: IssuedCredential, days: int = 30) -> CredentialShare:
    require(can_share_credential(actor, credential))
    if not isinstance(days, int) or not 1 <= days <= SHARE_DAYS_MAX:
        raise RuleViolation(
            [FieldError(f"有效天数应为 1 到 {SHARE_DAYS_MAX} 天", field="days", label="有效天数")]
        )
    share = CredentialShare.objects.create(
        token=secrets.token_urlsafe(24),
        credential=credential,
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        actor=actor,
        action="credentials.share_create",
        obj=share,
        changes={"credential": credential.public_id, "days": days},
        summary=f"创建凭证 {credential.public_id} 的分享链接（{days} 天）",
    )
    return share


@transaction.atomic
def share_revoke(actor, share: CredentialShare) -> CredentialShare:
    share = CredentialShare.objects.select_for_update().get(pk=share.pk)
    require(is_holder(actor, share.credential))
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="credentials.share_revoke", obj=share, summary="撤销分享链接")
    return share


@transaction.atomic
def share_view(share: CredentialShare, address: str = "") -> None:
    from skillup.records.models_credentials import CredentialShareView

    CredentialShareView.objects.create(
        share=share, address_hash=hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()
    )
