import datetime as dt
from decimal import Decimal

import pytest

from skillup.certificates.models import Certificate, Family
from skillup.subsidies.models import Claim
from tests.planning.factories import ClaimFactory, EnrolmentFactory, ResultFactory, TrainingClassFactory


@pytest.fixture
def history(cast):
    """The trainee's record: a passed class with a certificate at the cast's institution, a class at the
    other institution, a paid claim for the first, a certificate from elsewhere."""
    p = cast.trainee_person
    k1 = TrainingClassFactory(
        institution=cast.institution_org, department=cast.department, occupation="焊工", level="中级"
    )
    k2 = TrainingClassFactory(
        institution=cast.other_institution_org, department=cast.department, occupation="电工", level="初级",
        start_date=dt.date(2020, 3, 1), end_date=dt.date(2020, 3, 20),
    )  # fmt: skip
    e1 = EnrolmentFactory(klass=k1, person=p)
    EnrolmentFactory(klass=k2, person=p)
    r1 = ResultFactory(
        enrolment=e1, passed=True, attended_hours=Decimal("78.0"), certificate_no="S2021000001"
    )
    c1 = Certificate.objects.create(
        person=p, family=Family.SKILL_LEVEL, occupation="焊工", level="中级", number="S2021000001",
        issuer_name="绍兴市职业技能鉴定中心", issued_on=dt.date(2021, 5, 28),
        source=Certificate.Source.CLASS_RESULT, result=r1,
    )  # fmt: skip
    c2 = Certificate.objects.create(
        person=p, family=Family.SKILL_LEVEL, occupation="电工", level="初级", number="E2019000009",
        issuer_name="浙江省职业技能鉴定中心", issued_on=dt.date(2019, 8, 1), source=Certificate.Source.PROVINCIAL,
    )  # fmt: skip
    claim = ClaimFactory(
        person=p, klass=k1, institution=cast.institution_org, department=cast.department,
        amount=Decimal("2400.00"), status=Claim.Status.PAID, paid_on=dt.date(2021, 6, 10),
    )  # fmt: skip
    return {"k1": k1, "k2": k2, "c1": c1, "c2": c2, "claim": claim}
