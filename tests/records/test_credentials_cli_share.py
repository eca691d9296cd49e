"""`skillup verify` offline, share links, and the holder's and HR's pages."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from skillup.certificates.models import Certificate
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.records import services_credentials as svc
from skillup.records.models_credentials import CredentialShareView

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def credential(cast):
    certificate = Certificate.objects.create(
        person=cast.trainee_person,
        family="skill_level",
        occupation="电工",
        occupation_key="电工",
        level="四级",
        number="S1",
        issuer_name="上虞区职业技能等级认定中心",
        issued_on=dt.date(2021, 5, 20),
        source=Certificate.Source.ASSESSOR,
    )
    return svc.credential_issue(cast.hr, certificate)


def run_verify(*args):
    """The real `skillup verify` in a fresh interpreter with no Django settings: it needs no database."""
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    code = "import sys; from skillup.cli import main; sys.exit(main(['skillup', 'verify', *sys.argv[1:]]))"
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, env=env, timeout=60
    )
    return done.returncode, done.stdout


def test_verify_offline_valid_changed_revoked(cast, credential, client, tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(client.get("/.well-known/jwks.json").content.decode(), encoding="utf-8")
    good = tmp_path / "c.jwt"
    good.write_text(credential.jws, encoding="utf-8")
    code, out = run_verify(good, "--jwks", jwks)
    assert code == 0 and "签名有效" in out and "电工四级" in out

    status = tmp_path / "status.jwt"
    status.write_text(client.get("/credentials/status/1").content.decode(), encoding="utf-8")
    code, out = run_verify(good, "--jwks", jwks, "--status-list", status)
    assert code == 0 and "未被撤销" in out

    head, body, sig = credential.jws.split(".")
    changed = tmp_path / "changed.jwt"
    changed.write_text(
        f"{head}.{body[:-3]}{'A' if body[-3] != 'A' else 'B'}{body[-2:]}.{sig}", encoding="utf-8"
    )
    code, out = run_verify(changed, "--jwks", jwks)
    assert code == 1 and "无效" in out

    svc.credential_revoke(cast.hr, credential, "证书注销")
    status.write_text(client.get("/credentials/status/1").content.decode(), encoding="utf-8")
    code, out = run_verify(good, "--jwks", jwks, "--status-list", status)
    assert code == 2 and "已撤销" in out

    code, out = run_verify(tmp_path / "missing.jwt", "--jwks", jwks)
    assert code == 3 and "无法验证" in out


def test_verify_offline_unknown_key(cast, credential, tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": []}), encoding="utf-8")
    good = tmp_path / "c.jwt"
    good.write_text(credential.jws, encoding="utf-8")
    code, out = run_verify(good, "--jwks", jwks)
    assert code == 1 and "签发密钥未知" in out


def test_share_link_shows_only_that_credential_and_logs_views(cast, credential, client):
    share = svc.share_create(cast.trainee, credential, days=7)
    page = client.get(f"/credentials/s/{share.token}")
    text = page.content.decode()
    assert page.status_code == 200 and 'data-state="valid"' in text and "电工" in text
    # the holder chose this recipient: the name in full (docs/records.md), never the identity number
    assert "王小明" in text and cast.trainee_person.id_masked not in text
    assert "王小明" not in client.get(f"/credentials/v/{credential.public_id}").content.decode()
    client.get(f"/credentials/s/{share.token}")
    assert CredentialShareView.objects.filter(share=share).count() == 2
    svc.share_revoke(cast.trainee, share)
    assert client.get(f"/credentials/s/{share.token}").status_code == 404


def test_share_link_expires_and_only_the_holder_shares(cast, credential, client):
    with pytest.raises(NotAllowed):
        svc.share_create(cast.other_trainee, credential)
    with pytest.raises(NotAllowed):
        svc.share_create(cast.hr, credential)
    with pytest.raises(RuleViolation):
        svc.share_create(cast.trainee, credential, days=365)
    share = svc.share_create(cast.trainee, credential, days=1)
    share.expires_at = timezone.now() - dt.timedelta(minutes=1)
    share.save()
    assert client.get(f"/credentials/s/{share.token}").status_code == 404


def test_revoking_a_credential_closes_its_share_links(cast, credential, client):
    share = svc.share_create(cast.trainee, credential)
    svc.credential_revoke(cast.hr, credential, "证书注销")
    assert client.get(f"/credentials/s/{share.token}").status_code == 404


def test_detail_page_for_holder_and_hr_only(cast, credential, login):
    path = f"/credentials/{credential.public_id}/"
    holder = login(cast.trainee).get(path)
    assert holder.status_code == 200 and "创建分享链接" in holder.content.decode()
    assert "撤销凭证" not in holder.content.decode()
    response = login(cast.trainee).post(path, {"action": "share", "days": "10"})
    assert response.status_code == 302 and credential.shares.count() == 1
    hr = login(cast.hr).get(path)
    assert hr.status_code == 200 and "撤销凭证" in hr.content.decode()
    response = login(cast.hr).post(path, {"action": "revoke", "reason": ""})
    credential.refresh_from_db()
    assert credential.revoked_at is None
    login(cast.hr).post(path, {"action": "revoke", "reason": "核实冒名"})
    credential.refresh_from_db()
    assert credential.revoked_reason == "核实冒名"
    for user in (cast.other_trainee, cast.dept):
        assert login(user).get(path).status_code == 404
        assert login(user).get(f"{path}download").status_code == 404
    download = login(cast.trainee).get(f"{path}download")
    assert download.status_code == 200 and download.content.decode() == credential.jws


def test_rotate_key_command(cast, credential):
    from django.core.management import call_command

    from skillup.records.models_credentials import IssuerKey

    call_command("credentials", "rotate-key")
    assert IssuerKey.objects.filter(retired_at__isnull=True).count() == 1
    assert IssuerKey.objects.count() == 2


def test_list_page_scoped_issue_missing_and_query_count(
    cast, credential, login, django_assert_max_num_queries
):
    Certificate.objects.create(
        person=cast.other_person,
        family="qualification",
        occupation="焊工",
        level="五级",
        number="Q9",
        issuer_name="某中心",
        issued_on=dt.date(2021, 1, 5),
        source=Certificate.Source.ASSESSOR,
    )
    hr = login(cast.hr)
    hr.post("/credentials/")
    from skillup.records.models_credentials import IssuedCredential

    assert IssuedCredential.objects.count() == 2
    with django_assert_max_num_queries(12):
        page = hr.get("/credentials/").content.decode()
    assert "焊工" in page and "电工" in page
    mine = login(cast.trainee).get("/credentials/").content.decode()
    assert "电工" in mine and "焊工" not in mine
    assert "为证书库中尚无凭证" not in mine
    login(cast.trainee).post("/credentials/")
    assert IssuedCredential.objects.count() == 2
    assert "电工" not in login(cast.dept).get("/credentials/").content.decode()


def test_person_page_lists_credentials_for_hr(cast, credential, login):
    page = login(cast.hr).get(f"/registry/people/{cast.trainee_person.pk}/")
    assert page.status_code == 200
    assert credential.public_id in page.content.decode()
