"""Acceptance of issue 14's verifiable credentials, with an independent verifier written here from the
specs (RFC 7515 compact JWS, RFC 8037 EdDSA/OKP JWK, W3C Bitstring Status List) — it uses `cryptography`
and the standard library only, never SkillUp's own verification code (records/jose.py, verify())."""

import base64
import datetime as dt
import gzip
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from skillup.accounts.models import AuditEntry
from skillup.certificates.models import Certificate
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.records import services_credentials as svc
from skillup.records.models_credentials import IssuedCredential, IssuerKey
from skillup.registry import crypto


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Invalid(Exception):
    pass


def independent_verify(token: str, client) -> dict:
    """Returns {"payload", "revoked"} or raises Invalid; fetches keys and the status list over HTTP."""
    head_b64, body_b64, sig_b64 = token.split(".")
    header = json.loads(b64d(head_b64))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    jwks = client.get("/.well-known/jwks.json").json()
    matching = [k for k in jwks["keys"] if k["kid"] == header["kid"]]
    if not matching:
        raise Invalid("unknown kid")
    jwk = matching[0]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519"
    public = Ed25519PublicKey.from_public_bytes(b64d(jwk["x"]))
    try:
        public.verify(b64d(sig_b64), f"{head_b64}.{body_b64}".encode("ascii"))
    except InvalidSignature as exc:
        raise Invalid("bad signature") from exc
    payload = json.loads(b64d(body_b64))
    status = payload["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    path = status["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    list_response = client.get("/" + path)
    assert list_response.status_code == 200
    list_token = list_response.content.decode()
    lh, lb, ls = list_token.split(".")
    list_header = json.loads(b64d(lh))
    list_key = next(k for k in jwks["keys"] if k["kid"] == list_header["kid"])
    Ed25519PublicKey.from_public_bytes(b64d(list_key["x"])).verify(b64d(ls), f"{lh}.{lb}".encode())
    status_list = json.loads(b64d(lb))
    assert status_list["id"] == status["statusListCredential"]
    encoded = status_list["credentialSubject"]["encodedList"]
    bits = gzip.decompress(b64d(encoded[1:] if encoded.startswith("u") else encoded))
    assert len(bits) * 8 >= 131072
    index = int(status["statusListIndex"])
    revoked = bool(bits[index // 8] & (0x80 >> (index % 8)))
    return {"payload": payload, "revoked": revoked}


@pytest.fixture
def certificate(cast):
    return Certificate.objects.create(
        person=cast.trainee_person,
        family="skill_level",
        occupation="电工",
        occupation_key="电工",
        level="四级",
        number="S202106150001",
        issuer_name="上虞区职业技能等级认定中心",
        issued_on=dt.date(2021, 5, 20),
        source=Certificate.Source.ASSESSOR,
    )


def test_an_issued_credential_verifies_independently_and_says_what_it_is(cast, certificate, client):
    credential = svc.credential_issue(cast.hr, certificate)
    result = independent_verify(credential.jws, client)
    doc = result["payload"]
    assert result["revoked"] is False
    assert doc == credential.document
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["@context"][1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["id"].startswith("did:web:")
    assert doc["credentialSubject"]["achievement"]["name"] == "电工四级"
    assert doc["validFrom"].startswith("2021-05-20T00:00:00")
    # the identity number never appears; its salted hash does, and checks with the salt
    number = crypto.decrypt(cast.trainee_person.id_cipher)
    assert number not in credential.jws and number not in json.dumps(doc, ensure_ascii=False)
    ident = doc["credentialSubject"]["identifier"][0]
    import hashlib

    assert ident["identityHash"] == "sha256$" + hashlib.sha256((number + ident["salt"]).encode()).hexdigest()
    assert AuditEntry.objects.filter(action="credentials.issue", object_id=str(credential.pk)).exists()
    # issuing again returns the same live credential
    assert svc.credential_issue(cast.hr, certificate).pk == credential.pk


@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_changed_byte_fails(cast, certificate, client, part):
    token = svc.credential_issue(cast.hr, certificate).jws
    parts = token.split(".")
    raw = bytearray(b64d(parts[part]))
    position = len(raw) // 2
    raw[position] ^= 0x01
    parts[part] = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    tampered = ".".join(parts)
    with pytest.raises((Invalid, ValueError, AssertionError, KeyError)):
        independent_verify(tampered, client)
    answer = client.post(
        "/api/v1/credentials/verify", {"credential": tampered}, content_type="application/json"
    ).json()
    assert answer["valid"] is False and answer["revoked"] is False


def test_a_revoked_credential_says_revoked_everywhere(cast, certificate, client):
    credential = svc.credential_issue(cast.hr, certificate)
    other = Certificate.objects.create(
        person=cast.other_person,
        family="qualification",
        occupation="焊工",
        level="五级",
        number="Q1",
        issuer_name="某中心",
        issued_on=dt.date(2021, 1, 5),
        source=Certificate.Source.ASSESSOR,
    )
    kept = svc.credential_issue(cast.hr, other)
    svc.credential_revoke(cast.hr, credential, "核实为冒名参训，证书已注销")
    assert independent_verify(credential.jws, client)["revoked"] is True
    assert independent_verify(kept.jws, client)["revoked"] is False
    answer = client.post(
        "/api/v1/credentials/verify", {"credential": credential.jws}, content_type="application/json"
    ).json()
    assert answer["valid"] is False and answer["revoked"] is True
    assert answer["issuer"] == "绍兴市上虞区人力资源和社会保障局" and answer["checked_at"]
    page = client.get(f"/credentials/v/{credential.public_id}")
    assert page.status_code == 200 and 'data-state="revoked"' in page.content.decode()
    entry = AuditEntry.objects.get(action="credentials.revoke", object_id=str(credential.pk))
    assert "冒名" in entry.summary


def test_revoking_needs_hr_and_a_reason_and_happens_once(cast, certificate):
    credential = svc.credential_issue(cast.hr, certificate)
    with pytest.raises(NotAllowed):
        svc.credential_revoke(cast.trainee, credential, "自己撤销")
    with pytest.raises(RuleViolation):
        svc.credential_revoke(cast.hr, credential, "  ")
    svc.credential_revoke(cast.hr, credential, "证书注销")
    with pytest.raises(NotAllowed):
        svc.credential_revoke(cast.hr, credential, "再次")
    with pytest.raises(NotAllowed):
        svc.credential_issue(cast.trainee, certificate)


def test_key_rotation_keeps_an_old_credential_valid(cast, certificate, client):
    old = svc.credential_issue(cast.hr, certificate)
    new_key = svc.key_rotate(cast.hr)
    assert IssuerKey.objects.get(pk=old.key_id).retired_at is not None
    kids = {k["kid"] for k in client.get("/.well-known/jwks.json").json()["keys"]}
    assert {old.key.kid, new_key.kid} <= kids
    did = client.get("/.well-known/did.json").json()
    assert {m["id"].split("#")[1] for m in did["verificationMethod"]} == kids
    assert independent_verify(old.jws, client)["revoked"] is False
    # new credentials are signed with the new key; the status list too
    other = Certificate.objects.create(
        person=cast.trainee_person,
        family="special_ability",
        occupation="茶艺",
        number="Z1",
        issuer_name="某中心",
        issued_on=dt.date(2021, 3, 1),
        source=Certificate.Source.ASSESSOR,
    )
    fresh = svc.credential_issue(cast.hr, other)
    assert json.loads(b64d(fresh.jws.split(".")[0]))["kid"] == new_key.kid
    independent_verify(fresh.jws, client)


def test_the_private_key_is_encrypted_at_rest(cast, certificate):
    svc.credential_issue(cast.hr, certificate)
    key = IssuerKey.objects.get()
    assert key.private_cipher.startswith("gAAAA")  # Fernet
    assert len(b64d(crypto.decrypt(key.private_cipher))) == 32


def test_published_documents_are_public_and_cacheable(cast, certificate, client):
    svc.credential_issue(cast.hr, certificate)
    for path in ("/.well-known/jwks.json", "/.well-known/did.json"):
        response = client.get(path)
        assert response.status_code == 200 and "public" in response["Cache-Control"]
        assert "d" not in {k for key in response.json().get("keys", []) for k in key}  # no private part
    status = client.get(f"/credentials/status/{svc.STATUS_LIST_ID}")
    assert status.status_code == 200 and status["Content-Type"] == "application/vc+jwt"
    assert client.get("/credentials/status/9").status_code == 404


def test_the_verification_page_shows_the_minimum(cast, certificate, client):
    credential = svc.credential_issue(cast.hr, certificate)
    page = client.get(f"/credentials/v/{credential.public_id}").content.decode()
    assert 'data-state="valid"' in page
    assert "王*明" in page and "王小明" not in page
    assert "电工" in page and "四级" in page and "2021-05-20" in page
    assert cast.trainee_person.id_masked not in page
    assert crypto.decrypt(cast.trainee_person.id_cipher) not in page
    unknown = client.get("/credentials/v/nothing-here")
    assert unknown.status_code == 404 and 'data-state="unknown"' in unknown.content.decode()
    qr = client.get(f"/credentials/v/{credential.public_id}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_verify_api_accepts_json_and_refuses_what_it_did_not_issue(cast, certificate, client):
    credential = svc.credential_issue(cast.hr, certificate)
    ok = client.post(
        "/api/v1/credentials/verify", {"credential": credential.document}, content_type="application/json"
    ).json()
    assert ok["valid"] is True and ok["revoked"] is False
    changed = json.loads(json.dumps(credential.document))
    changed["credentialSubject"]["achievement"]["name"] = "电工一级"
    bad = client.post(
        "/api/v1/credentials/verify", {"credential": changed}, content_type="application/json"
    ).json()
    assert bad["valid"] is False
    for junk in ("", "a.b.c", "not a credential", "{broken"):
        response = client.post(
            "/api/v1/credentials/verify", {"credential": junk}, content_type="application/json"
        )
        assert response.status_code == 200 and response.json()["valid"] is False


def test_verify_api_is_throttled(cast, certificate, client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "credentials_verify": (3, 60)}
    codes = [
        client.post(
            "/api/v1/credentials/verify", {"credential": "x"}, content_type="application/json"
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_get_credential_is_for_the_holder_and_hr(cast, certificate, api_client):
    credential = svc.credential_issue(cast.hr, certificate)
    path = f"/api/v1/credentials/{credential.public_id}"
    for user in (cast.trainee, cast.hr):
        response = api_client(user).get(path)
        assert response.status_code == 200
        assert response.json()["jws"] == credential.jws
        assert response.json()["credential"] == credential.document
    for user in (cast.other_trainee, cast.dept):
        assert api_client(user).get(path).status_code == 404


def test_the_record_bundle_embeds_every_live_credential(cast, certificate, client):
    second = Certificate.objects.create(
        person=cast.trainee_person,
        family="qualification",
        occupation="焊工",
        level="五级",
        number="Q2",
        issuer_name="某中心",
        issued_on=dt.date(2020, 1, 5),
        source=Certificate.Source.ASSESSOR,
    )
    bundle = svc.record_bundle_issue(cast.hr, cast.trainee_person)
    doc = independent_verify(bundle.jws, client)["payload"]
    assert doc["type"] == ["VerifiableCredential", "ClrCredential"]
    inner = [v["id"].split(",", 1)[1] for v in doc["credentialSubject"]["verifiableCredential"]]
    assert len(inner) == 2
    names = {
        independent_verify(t, client)["payload"]["credentialSubject"]["achievement"]["name"] for t in inner
    }
    assert names == {"电工四级", "焊工五级"}
    assert IssuedCredential.objects.filter(certificate=second, kind="badge").exists()
