"""Share links: created by the trainee with an expiry, revocable, every view logged, only what was shared."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.records import services
from skillup.records.models import ShareLink, ShareView


def test_create_default_30_days(cast):
    link, token = services.share_create(actor=cast.trainee)
    assert link.person == cast.trainee_person
    delta = link.expires_at - timezone.now()
    assert dt.timedelta(days=29, hours=23) < delta <= dt.timedelta(days=30)
    assert link.token_hash == services.token_hash(token) and token not in link.token_hash
    assert AuditEntry.objects.filter(action="records.share_create").count() == 1


@pytest.mark.parametrize("who", ["hr", "institution", "enterprise"])
def test_only_trainee_shares(cast, who):
    with pytest.raises(NotAllowed):
        services.share_create(actor=getattr(cast, who))


def test_bad_expiry_refused(cast):
    with pytest.raises(RuleViolation):
        services.share_create(actor=cast.trainee, days=0)
    with pytest.raises(RuleViolation):
        services.share_create(actor=cast.trainee, days=400)


def test_public_page_shows_only_what_was_shared(cast, history, client):
    _link, token = services.share_create(actor=cast.trainee)
    response = client.get(f"/records/s/{token}/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="HR-browser")
    assert response.status_code == 200
    html = response.content.decode()
    p = cast.trainee_person
    assert p.name in html and "焊工" in html and "S2021000001" in html
    assert p.id_masked not in html and p.phone not in html
    assert "2400.00" not in html
    view = ShareView.objects.get()
    assert view.ip == "203.0.113.7" and view.user_agent == "HR-browser"


def test_subsidies_only_if_ticked(cast, history, client):
    _link, token = services.share_create(actor=cast.trainee, show_subsidies=True)
    assert "2400.00" in client.get(f"/records/s/{token}/").content.decode()


def test_expired_is_410(cast, history, client):
    link, token = services.share_create(actor=cast.trainee, days=1)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/records/s/{token}/")
    assert response.status_code == 410 and "已过期" in response.content.decode()
    assert ShareView.objects.count() == 0


def test_revoke_then_410(cast, history, client, login):
    link, token = services.share_create(actor=cast.trainee)
    with pytest.raises(NotAllowed):
        services.share_revoke(actor=cast.other_trainee, link=link)
    services.share_revoke(actor=cast.trainee, link=link)
    response = client.get(f"/records/s/{token}/")
    assert response.status_code == 410 and "撤销" in response.content.decode()
    with pytest.raises(NotAllowed):
        services.share_revoke(actor=cast.trainee, link=link)
    assert AuditEntry.objects.filter(action="records.share_revoke").count() == 1


def test_unknown_token_404(client, db):
    response = client.get("/records/s/nope/")
    assert response.status_code == 404 and "找不到" in response.content.decode()


def test_share_pages(cast, history, client, login):
    login(cast.trainee)
    response = client.post("/records/me/shares/", {"days": "7", "label": "应聘"})
    html = response.content.decode()
    url = re.search(r'value="(http[^"]+/records/s/[^"]+/)"', html).group(1)
    assert "只显示这一次" in html
    link = ShareLink.objects.get()
    assert link.label == "应聘"
    client.get(url.split("testserver")[1])
    assert "已被查看 1 次" in client.get("/records/me/shares/").content.decode()
    # another trainee cannot revoke it: 404
    login(cast.other_trainee)
    assert client.post(f"/records/me/shares/{link.pk}/revoke/").status_code == 404
    login(cast.trainee)
    client.post(f"/records/me/shares/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None
