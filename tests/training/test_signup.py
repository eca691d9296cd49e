"""Trainee self-registration without identity takeover (issue 10 item 1): a login binds to a registered
person only with the code sent to the phone on record, or after an HR officer saw the ID card; the phone on
record is never overwritten; an unproven login can neither reveal the full number nor check in by QR; a
login tied to the class's institution cannot check in by QR; failed checks never say which field."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry, User
from skillup.accounts.roles import Role
from skillup.registry import crypto
from skillup.training import attendance
from skillup.training.models import Attendance, BindingRequest, Enrolment, Session, TrainingClass
from tests.factories import PersonFactory, UserFactory, id_number_for
from tests.training.helpers import make_class

PASSWORD = "a-Strong-pass-21"
ATTACKER_PHONE = "13900000009"


@pytest.fixture
def outbox(settings):
    """The log backend's outbox (DEBUG on, as in development and the demo); `code_for(phone)` reads the
    latest one-time code sent to a phone, through the DEBUG page /dev/sms/ as a developer would."""
    settings.DEBUG = True
    settings.SMS_BACKEND = "skillup.accounts.sms.LogBackend"

    class Outbox:
        def page(self):
            from django.test import Client

            return Client().get("/dev/sms/").content.decode()

        def code_for(self, phone):
            from skillup.accounts import sms

            for message in sms.outbox():
                if message["phone"] == phone:
                    return re.search(r"验证码 (\d{6})", message["message"]).group(1)
            return None

    return Outbox()


@pytest.fixture
def klass(cast):
    return make_class(cast.institution_org, cast.department, status=TrainingClass.Status.RUNNING)


@pytest.fixture
def victim(cast, klass):
    """A registered trainee on the institution's class, with a phone on record and no login yet."""
    person = PersonFactory(name="周学员", phone="13700000001")
    Enrolment.objects.create(klass=klass, person=person, source="form")
    return person


@pytest.fixture
def session(klass):
    return Session.objects.create(
        klass=klass,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="s" * 64,
    )


def signup_data(person=None, **extra):
    data = {
        "id_number": crypto.decrypt(person.id_cipher) if person else id_number_for(900),
        "name": person.name if person else "新学员",
        "phone": ATTACKER_PHONE,
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **extra}


def qr_post(client, session):
    return client.post(reverse("training_checkin", args=[session.pk, attendance.qr_token(session)]))


def actions(name):
    return AuditEntry.objects.filter(action=name).count()


# -- the takeover of the issue ---------------------------------------------------------------------


def test_an_institution_cannot_take_over_its_own_registered_trainee(
    cast, client, victim, outbox, session, login
):
    """The probe: institution staff signs up with a trainee's identity number and name and its own phone."""
    r = client.post(reverse("training_signup"), signup_data(victim))
    assert r.status_code == 302 and r.url == reverse("training_signup_verify")
    # No login yet, and the code went to the phone ON RECORD, not to the phone typed.
    assert not User.objects.filter(person=victim).exists()
    assert not User.objects.filter(username=ATTACKER_PHONE).exists()
    assert outbox.code_for(ATTACKER_PHONE) is None and outbox.code_for("13700000001")
    page = client.get(reverse("training_signup_verify")).content.decode()
    assert "137****0001" in page and "13700000001" not in page
    # Guessing fails and stops after the limit; the victim's phone is untouched.
    for guess in ("000000", "123456", "111111", "222222", "333333"):
        r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": guess})
        assert "验证码不正确" in r.content.decode()
    right = outbox.code_for("13700000001")
    r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": right})
    assert "尝试次数过多" in r.content.decode()
    # A fresh request for the same person brings no fresh guesses.
    from django.test import Client

    again = Client()
    again.post(reverse("training_signup"), signup_data(victim, phone="13900000010"))
    r = again.post(
        reverse("training_signup_verify"), {"action": "verify", "code": outbox.code_for(victim.phone)}
    )
    assert "尝试次数过多" in r.content.decode()
    victim.refresh_from_db()
    assert victim.phone == "13700000001"
    assert not User.objects.filter(person=victim).exists()
    assert actions("signup.code_wrong") == 5
    # Without a binding there is no trainee login; the institution's own login can neither reveal the
    # number nor check in by QR (a login bound without proof cannot either: the next test).
    staff = login(cast.institution)
    assert staff.post(reverse("person_reveal", args=[victim.pk])).status_code == 403
    assert qr_post(staff, session).status_code == 403
    assert not Attendance.objects.exists()


def test_a_login_bound_without_proof_can_neither_reveal_nor_check_in(cast, klass, victim, session, login):
    """A login the old signup bound to the person (or re-pointed in the admin) is not a proven binding."""
    taken = UserFactory(username=ATTACKER_PHONE, role=Role.TRAINEE, person=victim)
    User.objects.filter(pk=taken.pk).update(
        person_verified_at=None, person_verified_via="", person_verified_for=None
    )
    taken.refresh_from_db()
    client = login(taken)
    assert client.post(reverse("person_reveal", args=[victim.pk])).status_code == 403
    detail = client.get(reverse("person_detail", args=[victim.pk])).content.decode()
    assert reverse("person_reveal", args=[victim.pk]) not in detail
    r = qr_post(client, session)
    assert r.status_code == 403 and "尚未完成本人核验" in r.content.decode()
    assert not Attendance.objects.exists() and actions("attendance.qr_refused") == 1
    # Nor may it redirect the person's subsidies to another card or change the phone on record.
    r = client.post(reverse("my_profile"), {"phone": ATTACKER_PHONE, "citizen_card": ""})
    assert r.status_code == 403
    victim.refresh_from_db()
    assert victim.phone == "13700000001"
    assert "开始核验" in client.get(reverse("training_my_classes")).content.decode()


def test_a_verification_for_one_person_does_not_follow_a_login_re_pointed_to_another(cast, victim):
    from skillup.accounts.binding import binding_verified

    assert binding_verified(cast.trainee)
    cast.trainee.person = victim  # e.g. an administrator edits the user in /admin/
    cast.trainee.save()
    assert not binding_verified(cast.trainee)


@pytest.mark.parametrize("link", ["contact_phone", "staff_username", "staff_person"])
def test_a_login_tied_to_the_institution_cannot_check_in_by_qr(cast, klass, victim, session, login, link):
    """Even a proven binding: when the phone that proves it is the institution's, the institution holds the
    trainee's channel, so a QR scan would be attendance it can invent."""
    phone = victim.phone
    if link == "contact_phone":
        cast.institution_org.contact_phone = phone
        cast.institution_org.save()
    elif link == "staff_username":
        UserFactory(username=phone, role=Role.INSTITUTION, organisation=cast.institution_org)
    else:
        staff_person = PersonFactory(name="机构教务", phone=phone)
        UserFactory(role=Role.INSTITUTION, organisation=cast.institution_org, person=staff_person)
    trainee = UserFactory(username="13600000001", role=Role.TRAINEE, person=victim)
    r = qr_post(login(trainee), session)
    assert r.status_code == 403 and "与本班培训机构关联" in r.content.decode()
    assert not Attendance.objects.exists()
    entry = AuditEntry.objects.get(action="attendance.qr_refused")
    assert entry.actor_id == trainee.pk and "培训机构" in entry.summary
    # The same login may check in at another institution's class.
    other = make_class(cast.other_institution_org, cast.department, status=TrainingClass.Status.RUNNING)
    Enrolment.objects.create(klass=other, person=victim, source="form")
    elsewhere = Session.objects.create(
        klass=other,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="t" * 64,
    )
    assert "签到成功" in qr_post(login(trainee), elsewhere).content.decode()


def test_the_api_check_in_follows_the_same_rule(cast, klass, victim, session, api_client):
    cast.institution_org.contact_phone = victim.phone
    cast.institution_org.save()
    trainee = UserFactory(username="13600000002", role=Role.TRAINEE, person=victim)
    r = api_client(trainee).post(
        f"/api/v1/classes/{klass.code}/attendance",
        {
            "records": [
                {
                    "id_number": crypto.decrypt(victim.id_cipher),
                    "date": "2021-06-15",
                    "method": "qr",
                    "session": session.pk,
                    "token": attendance.qr_token(session),
                }
            ]
        },
    )
    assert r.status_code == 403 and "与本班培训机构关联" in r.json()["errors"][0]["message"]


# -- the real trainee's way in ---------------------------------------------------------------------


def test_the_registered_trainee_signs_up_with_the_code_sent_to_the_phone_on_record(
    cast, client, victim, outbox, session
):
    r = client.post(reverse("training_signup"), signup_data(victim, phone="13500000005"))
    assert r.status_code == 302
    assert "13700000001" in outbox.page()  # the DEBUG outbox page shows what the log backend "sent"
    code = outbox.code_for("13700000001")
    r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": code})
    assert r.status_code == 302 and r.url == reverse("training_my_classes")
    user = User.objects.get(person=victim)
    assert user.username == "13500000005" and user.role == Role.TRAINEE
    assert user.person_verified_via == User.Verification.SMS
    victim.refresh_from_db()
    assert victim.phone == "13700000001"  # never overwritten by signup
    # Signed in, proven: the full number and the QR check-in work.
    r = client.post(reverse("person_reveal", args=[victim.pk]))
    assert crypto.decrypt(victim.id_cipher) in r.content.decode()
    assert "签到成功" in qr_post(client, session).content.decode()
    # The code was single use.
    req = BindingRequest.objects.get(person=victim)
    assert req.status == BindingRequest.Status.VERIFIED and req.code_hash == "" and req.password == ""
    assert actions("user.signup") == 1 and actions("signup.code_sent") == 1


def test_a_new_person_registers_with_the_code_sent_to_the_phone_given(cast, client, outbox):
    data = signup_data(None, phone="13500000006")
    assert client.post(reverse("training_signup"), data).status_code == 302
    assert not User.objects.filter(username="13500000006").exists()
    code = outbox.code_for("13500000006")
    r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": code})
    assert r.status_code == 302
    user = User.objects.get(username="13500000006")
    assert user.person.name == "新学员" and user.person.phone == "13500000006"
    assert user.person_verified_via == User.Verification.NEW
    assert actions("person.register") == 1


def test_codes_expire(cast, client, victim, outbox):
    client.post(reverse("training_signup"), signup_data(victim))
    code = outbox.code_for(victim.phone)
    BindingRequest.objects.update(code_expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": code})
    assert "已过期" in r.content.decode() and not User.objects.filter(person=victim).exists()
    # A new code replaces the old one.
    client.post(reverse("training_signup_verify"), {"action": "resend"})
    fresh = outbox.code_for(victim.phone)
    assert fresh
    if fresh != code:
        r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": code})
        assert "验证码不正确" in r.content.decode()
    assert (
        client.post(reverse("training_signup_verify"), {"action": "verify", "code": fresh}).status_code == 302
    )


def test_sending_codes_is_limited(cast, client, victim, outbox):
    client.post(reverse("training_signup"), signup_data(victim))  # the first code
    for _ in range(2):
        client.post(reverse("training_signup_verify"), {"action": "resend"})
    r = client.post(reverse("training_signup_verify"), {"action": "resend"}, follow=True)
    assert "尝试次数过多" in r.content.decode()
    assert actions("signup.code_sent") == 3


# -- the identity/name check ------------------------------------------------------------------------


def test_a_failed_identity_check_never_says_which_field_was_wrong(cast, client, victim):
    wrong_name = client.post(reverse("training_signup"), signup_data(victim, name="冒名")).content.decode()
    other = PersonFactory(name="吴某某")
    wrong_number = client.post(
        reverse("training_signup"), signup_data(other, name=victim.name, phone="13900000008")
    ).content.decode()

    def errors(page):
        return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>|<li>(.*?)</li>', page)

    assert "身份证号与姓名不一致" in wrong_name
    assert errors(wrong_name) == errors(wrong_number)  # the same words, on no field
    assert "invalid-feedback" not in wrong_name.split("</form>")[0].split("<form")[1]
    assert actions("signup.check_failed") == 2 and not BindingRequest.objects.exists()


def test_identity_checks_are_limited_per_identity_number_and_per_address(cast, client, victim, settings):
    settings.THROTTLES = {**settings.THROTTLES, "signup": (3, 3600), "signup_person": (2, 3600)}
    for name in ("甲", "乙"):
        client.post(reverse("training_signup"), signup_data(victim, name=name))
    r = client.post(reverse("training_signup"), signup_data(victim))  # now even the right name waits
    assert "尝试次数过多" in r.content.decode() and not BindingRequest.objects.exists()
    other = PersonFactory(name="钱某")
    client.post(reverse("training_signup"), signup_data(other, name="丙", phone="13900000007"))
    third = PersonFactory(name="孙某")
    r = client.post(reverse("training_signup"), signup_data(third, phone="13900000006"))
    assert "尝试次数过多" in r.content.decode()  # three failures from this address


# -- the officer-verified binding -------------------------------------------------------------------


def test_without_a_phone_on_record_an_hr_officer_checks_the_id_card(cast, client, login, outbox):
    person = PersonFactory(name="郑无手机", phone="")
    client.post(reverse("training_signup"), signup_data(person, phone="13500000007"))
    page = client.get(reverse("training_signup_verify")).content.decode()
    assert "人力社保局窗口" in page and not outbox.code_for("13500000007")
    req = BindingRequest.objects.get(person=person)
    assert req.method == BindingRequest.Method.OFFICER
    assert login(cast.institution).get(reverse("training_binding_queue")).status_code == 403
    hr = login(cast.hr)
    queue = hr.get(reverse("training_binding_queue")).content.decode()
    assert person.id_masked in queue
    r = hr.post(
        reverse("training_binding_queue"),
        {"request": req.pk, "action": "approve", "id_number": id_number_for(5)},
    )
    assert r.status_code == 400 and "与申请不一致" in r.content.decode()
    number = crypto.decrypt(person.id_cipher)
    r = hr.post(
        reverse("training_binding_queue"), {"request": req.pk, "action": "approve", "id_number": number}
    )
    assert r.status_code == 302
    user = User.objects.get(person=person)
    assert user.username == "13500000007" and user.person_verified_via == User.Verification.OFFICER
    entry = AuditEntry.objects.get(action="user.signup")
    assert entry.actor_id == cast.hr.pk
    person.refresh_from_db()
    assert person.phone == ""


def test_a_trainee_who_lost_the_phone_asks_for_the_officer_who_may_refuse(
    cast, client, login, victim, outbox
):
    client.post(reverse("training_signup"), signup_data(victim))
    client.post(reverse("training_signup_verify"), {"action": "officer"})
    req = BindingRequest.objects.get(person=victim)
    assert req.method == BindingRequest.Method.OFFICER and req.code_hash == ""
    hr = login(cast.hr)
    r = hr.post(
        reverse("training_binding_queue"), {"request": req.pk, "action": "refuse", "reason": ""}, follow=True
    )
    assert "请填写拒绝原因" in r.content.decode()
    hr.post(
        reverse("training_binding_queue"), {"request": req.pk, "action": "refuse", "reason": "证件与本人不符"}
    )
    req.refresh_from_db()
    assert req.status == BindingRequest.Status.REFUSED and req.decided_by_id == cast.hr.pk
    assert actions("binding.refuse") == 1 and not User.objects.filter(person=victim).exists()


def test_a_login_from_before_the_proof_proves_its_binding_with_a_code(cast, victim, login, outbox):
    legacy = UserFactory(username="13600000003", role=Role.TRAINEE, person=victim)
    User.objects.filter(pk=legacy.pk).update(person_verified_at=None, person_verified_for=None)
    client = login(legacy)
    r = client.post(reverse("training_login_verify"))
    assert r.status_code == 302
    code = outbox.code_for(victim.phone)
    r = client.post(reverse("training_signup_verify"), {"action": "verify", "code": code})
    assert r.status_code == 302
    legacy.refresh_from_db()
    assert legacy.person_verified_via == User.Verification.SMS and legacy.person_verified_for == victim.pk


def test_the_migration_leaves_old_self_signups_unverified(cast, victim):
    import importlib

    from django.apps import apps
    from django.db import transaction

    from skillup.accounts import audit

    migration = importlib.import_module("skillup.accounts.migrations.0006_user_person_verification")
    self_signed = UserFactory(username="13600000004", role=Role.TRAINEE, person=victim)
    with transaction.atomic():
        audit.record(actor=self_signed, action="user.signup", obj=self_signed)
    User.objects.update(person_verified_at=None, person_verified_for=None, person_verified_via="")
    migration.mark_existing_bindings(apps, None)
    self_signed.refresh_from_db()
    cast.trainee.refresh_from_db()
    assert self_signed.person_verified_at is None
    assert (
        cast.trainee.person_verified_via == "staff"
        and cast.trainee.person_verified_for == cast.trainee_person.pk
    )


# -- the DEBUG outbox -------------------------------------------------------------------------------


def test_the_outbox_page_exists_only_with_debug(client, settings, db):
    settings.DEBUG = False
    assert client.get("/dev/sms/").status_code == 404
    settings.DEBUG = True
    assert client.get("/dev/sms/").status_code == 200


def test_the_log_backend_sends_nothing_with_debug_off(cast, client, victim, settings):
    settings.DEBUG = False
    settings.SMS_BACKEND = "skillup.accounts.sms.LogBackend"
    r = client.post(reverse("training_signup"), signup_data(victim), follow=True)
    assert "短信发送失败" in r.content.decode()
    from skillup.accounts import sms

    assert sms.outbox() == []
