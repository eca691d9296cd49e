"""Small factories for the rows planning reads: classes, enrolments, results and claims."""

import datetime as dt
from decimal import Decimal

import factory

from skillup.subsidies.models import Claim
from skillup.training.models import Enrolment, Result, TrainingClass
from tests.factories import InstitutionFactory, PersonFactory, UserFactory


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    code = factory.Sequence(lambda n: f"TC{n:06d}")
    institution = factory.LazyFunction(lambda: InstitutionFactory().organisation)
    scheme = "vocational_certificate"
    occupation = "焊工"
    level = "中级"
    hours = 80
    start_date = dt.date(2021, 5, 3)
    end_date = dt.date(2021, 5, 28)
    venue = "上虞区职业技能培训中心"
    capacity = 30
    status = TrainingClass.Status.FINISHED


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    klass = factory.SubFactory(TrainingClassFactory)
    person = factory.SubFactory(PersonFactory)
    source = Enrolment.Source.FORM


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    enrolment = factory.SubFactory(EnrolmentFactory)
    passed = True
    certified_on = dt.date(2021, 5, 28)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    scheme = "vocational_certificate"
    person = factory.SubFactory(PersonFactory)
    occupation = "焊工"
    level = "中级"
    entitlement_date = dt.date(2021, 5, 10)
    year = factory.LazyAttribute(lambda o: o.entitlement_date.year)
    payee_kind = Claim.Payee.PERSON
    payee_name = "张三"
    payee_account = "6228000000000000"
    eligible = True
    amount = Decimal("2400.00")
    status = Claim.Status.PAID
    created_by = factory.LazyFunction(lambda: UserFactory())
