"""A certificate already in the register (the test's setup; the sources themselves are tested through
their services in this package)."""

import datetime as dt

from skillup.certificates.models import Certificate
from skillup.certificates.normalise import certificate_number, occupation_key


def registered(
    person,
    number: str,
    level: str,
    *,
    family: str = "qualification",
    occupation: str = "电工",
    issued_on: dt.date = dt.date(2021, 2, 1),
    issuer_name: str = "浙江省职业技能鉴定中心",
    source: str = Certificate.Source.PROVINCIAL,
    issuer=None,
) -> Certificate:
    return Certificate.objects.create(
        person=person,
        family=family,
        occupation=occupation,
        occupation_key=occupation_key(occupation),
        level=level,
        number=certificate_number(number),
        issuer=issuer,
        issuer_name=issuer_name,
        issued_on=issued_on,
        source=source,
    )
