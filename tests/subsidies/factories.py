"""Small builders for the money tests: a finished class with passed trainees, a filing, a budget.

They write rows directly (the training lifecycle has its own services and tests); each helper says what
state it leaves, so a test reads as a story."""

import datetime as dt
from decimal import Decimal

from skillup.fund.models import Budget
from skillup.registry.models import Filing, FilingItem
from skillup.training.models import Enrolment, Result, TrainingClass
from tests.factories import PersonFactory

_seq = {"n": 0}


def filing_for(institution, scheme="vocational_certificate", occupation="焊工", levels="初级,中级,高级"):
    filing = Filing.objects.create(
        institution=institution,
        status=Filing.Status.APPROVED,
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2022, 12, 31),
    )
    FilingItem.objects.create(filing=filing, scheme=scheme, occupation=occupation, levels=levels)
    return filing


def finished_class(
    cast,
    *,
    people=3,
    scheme="vocational_certificate",
    occupation="焊工",
    level="高级",
    hours=100,
    end=dt.date(2021, 5, 20),
    institution=None,
    department=None,
    filed=True,
    attended=None,
    passed=True,
):
    """A finished class of the cast's institution under the cast's department, each trainee passed."""
    _seq["n"] += 1
    institution = institution or cast.institution_org
    if filed:
        filing_for(institution, scheme, occupation)
    klass = TrainingClass.objects.create(
        code=f"T{end:%Y%m}{_seq['n']:04d}",
        institution=institution,
        department=department or cast.department,
        scheme=scheme,
        occupation=occupation,
        level=level,
        hours=hours,
        start_date=end - dt.timedelta(days=40),
        end_date=end,
        venue="上虞区实训基地",
        capacity=max(len(people) if isinstance(people, list) else people, 1),
        status=TrainingClass.Status.FINISHED,
    )
    persons = (
        people
        if isinstance(people, list)
        else [PersonFactory(citizen_card=f"3306{_seq['n']:04d}{i:06d}") for i in range(people)]
    )
    for i, person in enumerate(persons):
        enrolment = Enrolment.objects.create(klass=klass, person=person, source=Enrolment.Source.FORM)
        Result.objects.create(
            enrolment=enrolment,
            passed=passed,
            certificate_no=f"C{klass.code}{i:03d}" if passed else "",
            issuer="绍兴市职业技能鉴定中心",
            occupation=occupation,
            level=level,
            certified_on=end,
            attended_hours=Decimal(attended if attended is not None else hours),
        )
    return klass


def budget(department, year=2021, amount="1000000.00"):
    return Budget.objects.update_or_create(
        department=department, year=year, defaults={"amount": Decimal(amount)}
    )[0]


def claims_for_class(cast, **kw):
    from skillup.subsidies.services import claims_create_for_class

    return claims_create_for_class(actor=cast.institution, klass=finished_class(cast, **kw))


def advance(cast, claims, to="finance_approved"):
    """Walk claims through the review steps up to `to` (budget set if missing)."""
    from skillup.fund.models import Budget
    from skillup.subsidies.review import claims_review_bulk

    if not Budget.objects.filter(department=cast.department, year=2021).exists():
        budget(cast.department)
    ids = [c.pk for c in claims]
    order = [("dept_approved", cast.dept), ("hr_approved", cast.hr), ("finance_approved", cast.finance)]
    for status, user in order:
        summary = claims_review_bulk(actor=user, claim_ids=ids, decision="approve")
        assert not summary.skipped and not summary.refused, summary
        if status == to:
            break
    for c in claims:
        c.refresh_from_db()
    return claims


def paid_batch(cast, claims, statuses=None):
    """A batch of these finance-approved claims, with its result file imported (all paid by default)."""
    from skillup.fund.payments import disbursement_csv, payment_batch_create, payment_result_import

    batch = payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims])
    rows = [line.split(",")[0] for line in disbursement_csv(batch).splitlines()[1:]]
    statuses = statuses or ["paid"] * len(rows)
    data = "key,status,reason\n" + "".join(
        f"{k},{s},{'' if s == 'paid' else '卡号错误'}\n" for k, s in zip(rows, statuses)
    )
    payment_result_import(actor=cast.finance, batch=batch, data=data.encode())
    return batch
