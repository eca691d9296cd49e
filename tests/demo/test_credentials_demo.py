"""The demo's credentials (issue 14): every certificate issued, one revoked with a reason, one live share."""

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_demo_credentials(demo, client):
    from skillup.certificates.models import Certificate
    from skillup.records.models_credentials import CredentialShare, IssuedCredential

    assert Certificate.objects.exists()
    assert not Certificate.objects.filter(credentials__isnull=True).exists()
    revoked = IssuedCredential.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1 and revoked.get().revoked_reason
    share = CredentialShare.objects.get(revoked_at__isnull=True, expires_at__gt=timezone.now())
    assert client.get(f"/credentials/s/{share.token}").status_code == 200
    assert IssuedCredential.objects.filter(kind="record").count() == 1
    page = client.get(f"/credentials/v/{revoked.get().public_id}")
    assert 'data-state="revoked"' in page.content.decode()
