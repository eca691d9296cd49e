"""A confirmed integrity case (issue 11) and the credentials of the certificates it concerns (issue 14):
HR sees them on the case page and revokes them in one go, all or nothing; HR's home says when a confirmed
case still has live credentials; the trainee's home shows their credentials."""

import datetime as dt

import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.certificates.models import Certificate
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.core.registry import todos
from skillup.integrity import services_cases
from skillup.records import selectors_credentials as sel
from skillup.records import services_credentials as svc
from skillup.training.models import Result
from tests.integrity.support import finding
from tests.subsidies.factories import claims_for_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    """A class with two claims, a certificate and a credential for each claimant, one for someone else,
    and an open case on the class."""
    claims = claims_for_class(cast, people=2)
    klass = claims[0].klass
    credentials = []
    for n, claim in enumerate(claims):
        result = Result.objects.get(enrolment__klass=klass, enrolment__person=claim.person)
        certificate = Certificate.objects.create(
            person=claim.person, family="skill_level", occupation=klass.occupation, level="四级",
            number=f"C{n}", issuer_name="上虞区职业技能等级认定中心", issued_on=dt.date(2021, 5, 20),
            source=Certificate.Source.CLASS_RESULT, result=result,
        )  # fmt: skip
        credentials.append(svc.credential_issue(cast.hr, certificate))
    elsewhere = Certificate.objects.create(
        person=cast.other_person, family="skill_level", occupation="电工", level="四级", number="X1",
        issuer_name="浙江省职业技能鉴定中心", issued_on=dt.date(2020, 5, 20), source=Certificate.Source.PROVINCIAL,
    )  # fmt: skip
    unrelated = svc.credential_issue(cast.hr, elsewhere)
    case = services_cases.case_open(actor=cast.hr, findings=[finding(klass=klass)], title="虚假培训核查")
    return case, credentials, unrelated


def _confirm(cast, case):
    return services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训")


def test_only_a_confirmed_case_offers_its_credentials_to_hr(cast, world):
    case, credentials, unrelated = world
    assert not sel.case_credentials(cast.hr, case).exists()
    case = _confirm(cast, case)
    assert set(sel.case_credentials(cast.hr, case)) == set(credentials)
    for user in (cast.dept, cast.auditor, cast.institution, cast.trainee):
        assert not sel.case_credentials(user, case).exists()
        with pytest.raises(NotAllowed):
            svc.credentials_revoke_for_case(user, case, [credentials[0].pk], "代刷签到")


def test_revoking_from_the_case_is_all_or_nothing_and_names_the_case(cast, world):
    case, credentials, unrelated = _confirm(cast, world[0]), world[1], world[2]
    with pytest.raises(RuleViolation, match="请勾选本案涉及"):
        svc.credentials_revoke_for_case(cast.hr, case, [credentials[0].pk, unrelated.pk], "代刷签到")
    with pytest.raises(RuleViolation, match="请填写撤销理由"):
        svc.credentials_revoke_for_case(cast.hr, case, [c.pk for c in credentials], "  ")
    assert not type(unrelated).objects.filter(revoked_at__isnull=False).exists()
    assert svc.credentials_revoke_for_case(cast.hr, case, [c.pk for c in credentials], "代刷签到") == 2
    for c in credentials:
        c.refresh_from_db()
        assert c.revoked_reason == f"核查案件 {case.code} 查实：代刷签到"
        assert svc.verify(c.jws)["revoked"] is True
    assert AuditEntry.objects.filter(action="credentials.revoke").count() == 2
    assert svc.verify(unrelated.jws)["valid"] is True


def test_the_case_page_panel_and_hr_home_tile(cast, world, login):
    case, credentials, _ = world
    hr = login(cast.hr)
    page = hr.get(reverse("integrity:case", args=[case.code])).content.decode()
    assert 'id="case-credentials"' not in page  # not while the case is open
    case = _confirm(cast, case)
    page = hr.get(reverse("integrity:case", args=[case.code])).content.decode()
    assert 'id="case-credentials"' in page and credentials[0].public_id in page
    tile = next(t for t in todos(cast.hr) if t.title == "查实案件的证书凭证待撤销")
    assert tile.count == 2 and tile.url.endswith("?outcome=confirmed")
    assert tile.count == sel.live_credentials_of_confirmed_cases(cast.hr).count()
    assert not sel.live_credentials_of_confirmed_cases(cast.dept).exists()
    response = hr.post(
        reverse("credentials:case_revoke", args=[case.code]),
        {"credential": [c.pk for c in credentials], "reason": "代刷签到"},
        follow=True,
    )
    assert "已撤销 2 份证书凭证" in response.content.decode()
    assert not any(t.title == "查实案件的证书凭证待撤销" for t in todos(cast.hr))
    assert login(cast.dept).post(reverse("credentials:case_revoke", args=[case.code])).status_code in (
        302,
        404,
    )
    assert login(cast.institution).post(reverse("credentials:case_revoke", args=["nope"])).status_code == 404


def test_home_tiles_for_the_trainee_and_hr(cast, world):
    _, credentials, unrelated = world
    Certificate.objects.create(
        person=cast.trainee_person, family="skill_level", occupation="焊工", level="五级", number="N1",
        issuer_name="上虞区职业技能等级认定中心", issued_on=dt.date(2021, 1, 5), source=Certificate.Source.ASSESSOR,
    )  # fmt: skip
    missing = next(t for t in todos(cast.hr) if t.title == "尚未签发凭证的证书")
    assert missing.count == 1
    holder = credentials[0].person
    from skillup.accounts.models import User
    from skillup.accounts.roles import Role

    user = User.objects.create(username="holder", role=Role.TRAINEE, person=holder)
    mine = next(t for t in todos(user) if t.title == "我的证书凭证")
    assert mine.count == 1 and mine.url == reverse("credentials:list")
    assert not any(t.title == "我的证书凭证" for t in todos(cast.trainee))  # none issued to them
