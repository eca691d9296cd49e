"""What verification refuses or catches (issue 14 item 3): a GET never creates the district's key, the
district's own status list is not a credential, and a record bundle is revoked when a certificate inside
it is — online, on the pages and offline with `skillup verify`."""

import datetime as dt

import pytest

from skillup.certificates.models import Certificate
from skillup.records import services_credentials as svc
from skillup.records.models_credentials import IssuerKey
from tests.records.test_credentials_cli_share import run_verify

pytestmark = pytest.mark.django_db


def _certificate(person, occupation, number):
    return Certificate.objects.create(
        person=person,
        family="skill_level",
        occupation=occupation,
        occupation_key=occupation,
        level="四级",
        number=number,
        issuer_name="上虞区职业技能等级认定中心",
        issued_on=dt.date(2021, 5, 20),
        source=Certificate.Source.ASSESSOR,
    )


@pytest.fixture
def bundle(cast):
    first = _certificate(cast.trainee_person, "电工", "S1")
    _certificate(cast.trainee_person, "焊工", "S2")
    record = svc.record_bundle_issue(cast.hr, cast.trainee_person)
    return record, svc.credential_issue(cast.hr, first)


def test_reading_the_published_documents_writes_nothing(client):
    assert client.get(f"/credentials/status/{svc.STATUS_LIST_ID}").status_code == 404
    assert client.get("/.well-known/jwks.json").json() == {"keys": []}
    assert client.get("/.well-known/did.json").status_code == 200
    assert not IssuerKey.objects.exists()


def test_the_status_list_is_signed_by_the_district_but_is_not_a_credential(cast, bundle, client):
    signed = client.get(f"/credentials/status/{svc.STATUS_LIST_ID}").content.decode()
    answer = svc.verify(signed)
    assert answer["valid"] is False and "不是本区签发的证书凭证" in answer["message"]
    api = client.post("/api/v1/credentials/verify", {"credential": signed}, content_type="application/json")
    assert api.json()["valid"] is False


def test_a_bundle_is_revoked_when_a_certificate_inside_is(cast, bundle, client):
    record, inner = bundle
    assert svc.verify(record.jws)["valid"] is True
    svc.credential_revoke(cast.hr, inner, "核查案件确认证书造假")
    answer = client.post(
        "/api/v1/credentials/verify", {"credential": record.jws}, content_type="application/json"
    ).json()
    assert answer["valid"] is False and answer["revoked"] is True
    assert answer["revoked_inside"] == [inner.public_id]
    assert "1 张证书的凭证已被发证机关撤销" in answer["message"]
    page = client.get(f"/credentials/v/{record.public_id}").content.decode()
    assert 'data-state="revoked"' in page and "该档案凭证不再有效" in page


def test_offline_the_status_list_is_refused_and_a_bundle_checks_what_it_holds(cast, bundle, client, tmp_path):
    record, inner = bundle
    jwks = tmp_path / "jwks.json"
    jwks.write_text(client.get("/.well-known/jwks.json").content.decode(), encoding="utf-8")
    status = tmp_path / "status.jwt"
    status.write_text(client.get("/credentials/status/1").content.decode(), encoding="utf-8")
    code, out = run_verify(status, "--jwks", jwks)
    assert code == 1 and "不是证书凭证或档案凭证" in out

    bundle_file = tmp_path / "record.jwt"
    bundle_file.write_text(record.jws, encoding="utf-8")
    code, out = run_verify(bundle_file, "--jwks", jwks, "--status-list", status)
    assert code == 0, out
    svc.credential_revoke(cast.hr, inner, "核查案件确认证书造假")
    status.write_text(client.get("/credentials/status/1").content.decode(), encoding="utf-8")
    code, out = run_verify(bundle_file, "--jwks", jwks, "--status-list", status)
    assert code == 2 and "档案中有 1 张证书的凭证已被发证机关撤销" in out
    # a credential file given as the status list is refused, not read as "not revoked"
    code, out = run_verify(bundle_file, "--jwks", jwks, "--status-list", bundle_file)
    assert code == 3


def test_a_revocation_stands_whatever_issues_next(cast, bundle):
    """Neither "issue the missing ones", nor a new record bundle, nor issuing the certificate again undoes
    a revocation (e.g. after a confirmed fraud case)."""
    from skillup.core.errors import StateConflict
    from skillup.records.models_credentials import IssuedCredential
    from skillup.records.selectors_credentials import certificates_without_credential

    _record, inner = bundle
    svc.credential_revoke(cast.hr, inner, "核查案件确认证书造假")
    assert not certificates_without_credential().filter(pk=inner.certificate_id).exists()
    assert svc.credentials_issue_missing(cast.hr) == 0
    with pytest.raises(StateConflict, match="撤销（核查案件确认证书造假），不再签发"):
        svc.credential_issue(cast.hr, inner.certificate)
    fresh = svc.record_bundle_issue(cast.hr, cast.trainee_person)
    assert svc.verify(fresh.jws)["valid"] is True  # the bundle holds only the certificates still standing
    assert len(fresh.document["credentialSubject"]["verifiableCredential"]) == 1
    assert IssuedCredential.objects.filter(certificate=inner.certificate).count() == 1
