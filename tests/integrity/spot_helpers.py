"""Builders for the spot-check and credit tests: a month of classes across departments and institutions,
findings on them, a draw."""

import datetime as dt
import itertools
from decimal import Decimal

from skillup.integrity.models import Finding
from skillup.training.models import Enrolment, Result, TrainingClass
from tests.factories import InstitutionFactory, PersonFactory
from tests.training.helpers import file_for, make_class

JUNE = dt.date(2021, 6, 1)
_seq = itertools.count(1)


def june_class(institution, department, *, code=None, status=TrainingClass.Status.RUNNING, people=0, **kw):
    kw.setdefault("start", dt.date(2021, 6, 1))
    kw.setdefault("end", dt.date(2021, 6, 30))
    klass = make_class(institution, department, status=status, code=code or f"S{next(_seq):05d}", **kw)
    for i in range(people):
        e = Enrolment.objects.create(klass=klass, person=PersonFactory(), source=Enrolment.Source.FORM)
        Result.objects.create(
            enrolment=e,
            passed=True,
            certificate_no=f"Z{klass.code}{i:02d}",
            issuer="绍兴市职业技能鉴定中心",
            occupation="焊工",
            level="初级",
            certified_on=dt.date(2021, 6, 30),
            attended_hours=Decimal("70"),
        )
    return klass


def district(cast, *, per_institution=4, extra_institutions=2):
    """Two departments; the cast's two institutions and a few more, each with `per_institution` classes
    running in June 2021 under each department. Returns the classes."""
    institutions = [cast.institution_org, cast.other_institution_org] + [
        InstitutionFactory().organisation for _ in range(extra_institutions)
    ]
    for org in institutions:
        file_for(org)
    classes = []
    for dept in (cast.department, cast.other_department):
        for org in institutions:
            classes += [june_class(org, dept) for _ in range(per_institution)]
    return classes


def finding(klass, score="0.80", *, status=Finding.Status.OPEN, signal="backfilled", subject="class"):
    return Finding.objects.create(
        key=f"{subject}:{klass.code}:{signal}:{next(_seq)}",
        signal=signal,
        subject_type=subject,
        subject_ref=klass.code,
        klass=klass,
        institution_id=klass.institution_id,
        department_id=klass.department_id,
        score=Decimal(score),
        detail="测试线索",
        status=status,
    )
