"""Notifications beyond the group's own steps (issue 13 item 6): the members of a group learn that their
class was approved or returned, and a trainee learns that a subsidy was paid — in-app, and by SMS unless
they turned it off; announced by training and fund through core.registry.announce, never imported."""

import pytest

from skillup.accounts.roles import Role
from skillup.market import services_groups as services
from skillup.market.models_groups import Notification
from skillup.subsidies.models import Claim
from skillup.training import services as training
from tests.factories import UserFactory
from tests.market.groups_factories import offer_for, trainees
from tests.market.test_groups_pages import Outbox
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "tests.market.test_groups_pages.Outbox"
    Outbox.sent = []
    return Outbox.sent


@pytest.fixture
def confirmed(cast):
    offer = offer_for(cast.institution_org, minimum=2, seats=3)
    group = services.group_start(actor=cast.trainee, offer=offer)
    (friend,) = trainees(1)
    services.group_join(actor=friend, group=group)
    klass = services.group_confirm(actor=cast.institution, group=group)
    decider = UserFactory(username="decider", role=Role.DEPT, organisation=klass.department)
    return group, klass, friend, decider


def test_members_learn_the_class_was_approved(cast, confirmed, outbox, django_capture_on_commit_callbacks):
    group, klass, friend, decider = confirmed
    services.notification_setting_set(actor=friend, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        training.class_approve(actor=decider, klass=klass)
    for user in (cast.trainee, friend):
        told = Notification.objects.filter(user=user, group=group, kind="class").order_by("-id").first()
        assert "已获批开班" in told.message and klass.code in told.message
    assert [phone for phone, text in outbox if "已获批开班" in text] == [cast.trainee_person.phone]


def test_members_learn_the_class_was_returned_with_the_reason(cast, confirmed):
    group, klass, friend, decider = confirmed
    training.class_reject(actor=decider, klass=klass, reason="场地未备案")
    told = Notification.objects.filter(user=friend, kind="class").order_by("-id").first()
    assert "被主管部门退回：场地未备案" in told.message


def test_a_class_not_from_a_group_tells_nobody(cast, confirmed):
    from skillup.training.models import TrainingClass
    from tests.training.helpers import make_class

    group, _klass, _friend, _decider = confirmed
    other = make_class(cast.institution_org, cast.department, status=TrainingClass.Status.SUBMITTED)
    before = Notification.objects.count()
    training.class_approve(actor=cast.dept, klass=other)
    assert Notification.objects.count() == before


def test_a_trainee_learns_their_subsidy_was_paid(cast, outbox, django_capture_on_commit_callbacks):
    claims = advance(cast, claims_for_class(cast, people=3))
    person_claims = [c for c in claims if c.payee_kind == Claim.Payee.PERSON]
    assert person_claims, "the class's claims pay the people"
    user = UserFactory(username="paid-trainee", role=Role.TRAINEE, person=person_claims[0].person)
    with django_capture_on_commit_callbacks(execute=True):
        paid_batch(cast, claims)
    (told,) = Notification.objects.filter(user=user, kind="payment")
    claim = Claim.objects.get(pk=person_claims[0].pk)
    assert f"{claim.amount} 元已于 {claim.paid_on:%Y-%m-%d} 支付" in told.message
    texts = [text for _, text in outbox if "支付到您的市民卡" in text]
    assert len(texts) == len(person_claims)  # everyone paid gets the SMS, with a login or not
