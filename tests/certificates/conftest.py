import datetime as dt

import pytest

from skillup.accounts.roles import Role
from skillup.registry.models import Filing, FilingItem, Organisation, OrgKind
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assessor_org(cast):
    org = Organisation.objects.create(
        kind=OrgKind.ASSESSOR, code="pj-dq", name="上虞区电气职业技能评价中心", short_name="电气评价中心"
    )
    filing = Filing.objects.create(
        institution=org,
        status=Filing.Status.APPROVED,
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2022, 12, 31),
    )
    FilingItem.objects.create(filing=filing, scheme="skill_level_certificate", occupation="电工", levels="")
    FilingItem.objects.create(filing=filing, scheme="vocational_certificate", occupation="电工", levels="")
    return org


@pytest.fixture
def assessor(assessor_org):
    return UserFactory(username="assessor", role=Role.ASSESSOR, organisation=assessor_org)


@pytest.fixture
def other_assessor(cast):
    org = Organisation.objects.create(kind=OrgKind.ASSESSOR, code="pj-hg", name="上虞区化工技能评价站")
    return UserFactory(username="assessor2", role=Role.ASSESSOR, organisation=org)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)
