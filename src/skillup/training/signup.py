"""Trainee self-registration (issue 10 item 1: no more identity takeover).

A person opens a trainee login with identity number, name, phone (the login name) and a password. The
login is created only on proof that the asker controls a channel on record:

- an identity number already in the registry, with the registered name: a one-time code goes to the
  phone ON RECORD for that person (never the phone just typed, which is never written to the person);
- a number not yet in the registry: a new person is registered with the phone typed, once a code sent to
  that phone is entered;
- no phone on record, or the phone is lost: the request waits for an HR officer, who sees the ID card in
  person and approves or refuses it (`training.binding`).

A login bound before this proof existed proves its binding the same way (`login_verify_start`).

Attempts are limited through `core.throttle` (settings.THROTTLES): identity/name checks per address and
per identity number, wrong codes per request and per address, codes sent per person, per phone and per
address. A failed identity/name check never says which of the two was wrong, and is audited.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from skillup.accounts import audit, sms
from skillup.accounts.binding import binding_verified, mark_verified
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core import throttle
from skillup.core.errors import FieldError, NotAllowed, RuleViolation, StateConflict
from skillup.registry import crypto
from skillup.registry.selectors import person_by_id_number
from skillup.registry.services import clean_person_fields, person_build
from skillup.registry.validators import mask_id_number
from skillup.training.models import BindingRequest

log = logging.getLogger("skillup.signup")

R = BindingRequest
# One message whichever of the two was wrong (issue 10 item 1).
MISMATCH = "身份证号与姓名不一致，请核对后重试"
WRONG_CODE = "验证码不正确"


def _audit(action: str, *, obj=None, actor=None, summary: str = "", changes: dict | None = None) -> None:
    """An audit row of its own, for attempts that are refused (nothing else is written)."""
    with transaction.atomic():
        audit.record(actor=actor, action=action, obj=obj, changes=changes, summary=summary)


def signup_start(*, id_number: str, name: str, phone: str, password: str, ip: str = "") -> BindingRequest:
    """Checks the signup and opens a request (the page then sends its code with `code_send`)."""
    ip = ip or "unknown"
    throttle.check("signup", ip)
    number, name, phone, _codes, errors = clean_person_fields(id_number=id_number, name=name, phone=phone)
    if not phone and not any(e.field == "phone" for e in errors):
        errors.append(FieldError("请填写手机号（登录名）", field="phone"))
    try:
        validate_password(password)
    except ValidationError as exc:
        errors.append(FieldError("；".join(exc.messages), field="password"))
    if errors:
        raise RuleViolation(errors)
    if User.objects.filter(username=phone).exists():
        raise StateConflict("该手机号已注册，请直接登录，或换一个手机号")
    id_hash = crypto.lookup_hash(number)
    throttle.check("signup_person", id_hash)
    throttle.hit("signup_person", id_hash)
    person = person_by_id_number(number)
    if person is not None and person.name != name:
        throttle.hit("signup", ip)
        _audit(
            "signup.check_failed",
            obj=person,
            changes={"address": [None, ip]},
            summary="自助注册：身份证号与姓名核对不一致",
        )
        raise RuleViolation([FieldError(MISMATCH)])
    if person is not None and User.objects.filter(person=person).exists():
        raise StateConflict("该身份证号已有学员账号，请直接登录（忘记密码请到人社局窗口办理）")
    # A registered person without a phone on record can only be checked by an officer.
    method = R.Method.OFFICER if person is not None and not person.phone else R.Method.SMS
    with transaction.atomic():
        req = R.objects.create(
            method=method,
            person=person,
            id_cipher=crypto.encrypt(number),
            id_hash=id_hash,
            id_masked=person.id_masked if person else mask_id_number(number),
            name=name,
            phone=phone,
            password=make_password(password),
            source_ip=ip if ip != "unknown" else None,
        )
        audit.record(
            actor=None,
            action="signup.start",
            obj=req,
            changes={
                "address": [None, ip],
                "method": [None, method],
                "registered": [None, person is not None],
            },
            summary=f"学员自助注册申请 {name}（{req.id_masked}）",
        )
    return req


def login_verify_start(*, user: User, ip: str = "") -> BindingRequest:
    """A login bound before issue 10 proves its binding: a code to the phone on record, or an officer."""
    ip = ip or "unknown"
    if user.role != Role.TRAINEE or user.person_id is None:
        raise NotAllowed("只有学员账号需要核验本人身份")
    if binding_verified(user):
        raise StateConflict("您的账号已完成本人核验")
    person = user.person
    pending = R.objects.filter(user=user, status=R.Status.PENDING).first()
    if pending is not None:
        return pending
    method = R.Method.SMS if person.phone else R.Method.OFFICER
    with transaction.atomic():
        req = R.objects.create(
            method=method,
            person=person,
            user=user,
            id_cipher=person.id_cipher,
            id_hash=person.id_hash,
            id_masked=person.id_masked,
            name=person.name,
            phone=person.phone,
            source_ip=ip if ip != "unknown" else None,
        )
        audit.record(actor=user, action="signup.verify_login", obj=req, changes={"method": [None, method]})
    return req


def code_target(req: BindingRequest) -> str:
    """Where the code goes: the phone on record for a registered person, else the phone typed."""
    return req.person.phone if req.person_id else req.phone


def _code_digest(req: BindingRequest, code: str) -> str:
    return salted_hmac("skillup.signup.code", f"{req.pk}:{code}", algorithm="sha256").hexdigest()


def code_send(*, req: BindingRequest, ip: str = "") -> None:
    """A new 6-digit code (the previous one stops working), sent after the transaction commits."""
    ip = ip or "unknown"
    if req.status != R.Status.PENDING or req.method != R.Method.SMS:
        raise StateConflict("该申请不在等待短信验证的状态")
    phone = code_target(req)
    if not phone:
        raise StateConflict("档案中没有登记手机号，请携带身份证到人社局窗口核验")
    throttle.check("otp_send", req.id_hash, phone)
    throttle.check("otp_send_ip", ip)
    throttle.hit("otp_send", req.id_hash, phone)
    throttle.hit("otp_send_ip", ip)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        req.code_hash = _code_digest(req, code)
        req.code_phone = phone
        req.code_expires_at = timezone.now() + timedelta(seconds=settings.SIGNUP_CODE_SECONDS)
        req.save(update_fields=["code_hash", "code_phone", "code_expires_at"])
        audit.record(
            actor=req.user,
            action="signup.code_sent",
            obj=req,
            changes={"address": [None, ip]},
            summary=f"验证码已发送至 {sms.mask_phone(phone)}",
        )
    minutes = settings.SIGNUP_CODE_SECONDS // 60
    try:
        sms.send(
            phone,
            f"您正在绑定技能提升行动学员账号，验证码 {code}，{minutes} 分钟内有效。如非本人操作，请勿告知他人。",
        )
    except sms.SmsError:
        raise StateConflict("短信发送失败，请稍后点“重新发送”，或申请到人社局窗口核验") from None


def code_verify(*, req: BindingRequest, code: str, ip: str = "") -> User:
    """The code of the request: the login is created (or proven) and the request is done."""
    ip = ip or "unknown"
    subject = f"binding:{req.pk}"
    throttle.check("otp", subject, req.id_hash)  # per request and per person: new requests add no guesses
    throttle.check("otp_ip", ip)
    if req.status != R.Status.PENDING or req.method != R.Method.SMS or not req.code_hash:
        raise StateConflict("该申请不在等待短信验证的状态，请重新注册")
    if req.code_expires_at is None or req.code_expires_at < timezone.now():
        raise StateConflict("验证码已过期，请点“重新发送”获取新的验证码")
    code = (code or "").strip()
    if not (
        len(code) == 6 and code.isdigit() and constant_time_compare(_code_digest(req, code), req.code_hash)
    ):
        throttle.hit("otp", subject, req.id_hash)
        throttle.hit("otp_ip", ip)
        _audit(
            "signup.code_wrong",
            obj=req,
            actor=req.user,
            changes={"address": [None, ip]},
            summary="验证码错误",
        )
        left = throttle.remaining("otp", subject)
        raise RuleViolation(f"{WRONG_CODE}，还可尝试 {left} 次" if left else WRONG_CODE, field="code")
    throttle.clear("otp", subject, req.id_hash)
    via = User.Verification.NEW if req.person_id is None else User.Verification.SMS
    return complete(req=req, via=via, actor=None)


def to_officer(*, req: BindingRequest) -> BindingRequest:
    """No phone on record, or the phone is lost: the request waits for an HR officer (ID card in person)."""
    if req.status != R.Status.PENDING:
        raise StateConflict("该申请已处理")
    with transaction.atomic():
        req.method = R.Method.OFFICER
        req.code_hash = ""
        req.save(update_fields=["method", "code_hash"])
        audit.record(actor=req.user, action="signup.to_officer", obj=req, summary="申请到人社局窗口核验")
    return req


def complete(*, req: BindingRequest, via: str, actor) -> User:
    """Binds the login to the person (registering a new person first); one transaction, audited."""
    try:
        with transaction.atomic():
            req = R.objects.select_for_update(of=("self",)).select_related("person", "user").get(pk=req.pk)
            if req.status != R.Status.PENDING:
                raise StateConflict("该申请已处理")
            if req.user_id is not None:  # an existing login proves its binding
                user = req.user
                if user.person_id != req.person_id:
                    raise StateConflict("账号绑定的人员已变更，请重新申请核验")
                user.save(update_fields=mark_verified(user, via=via))
            else:
                user = _signup_user(req, via=via)
            req.status = R.Status.VERIFIED
            req.user = user
            req.code_hash = ""
            req.password = ""  # the login has it now
            req.decided_by = actor
            req.decided_at = timezone.now()
            req.save(update_fields=["status", "user", "code_hash", "password", "decided_by", "decided_at"])
            audit.record(
                actor=actor or user,
                action="user.signup",
                obj=user,
                changes={"person": [None, req.person_id or user.person_id], "via": [None, via]},
                summary=f"学员 {req.name} 账号绑定本人档案（{User.Verification(via).label}）",
            )
    except IntegrityError:
        raise StateConflict("该身份证号或手机号已注册，请直接登录") from None
    return user


def _signup_user(req: BindingRequest, *, via: str) -> User:
    if User.objects.filter(username=req.phone).exists():
        raise StateConflict("该手机号已注册，请直接登录，或换一个手机号")
    person = req.person
    if person is None:
        number = crypto.decrypt(req.id_cipher)
        if person_by_id_number(number) is not None:
            raise StateConflict("该身份证号已由他人登记，请重新注册")
        person = person_build(number=number, name=req.name, phone=req.phone, codes=[])
        person.save()
        audit.record(
            actor=None,
            action="person.register",
            obj=person,
            changes={"id_number": [None, person.id_masked], "name": [None, req.name]},
            summary=f"学员自助注册登记 {req.name}",
        )
        req.person = person
        req.save(update_fields=["person"])
    elif User.objects.filter(person=person).exists():
        raise StateConflict("该身份证号已有学员账号，请直接登录")
    # The phone on record is never overwritten here: the login name is the phone typed.
    user = User(
        username=req.phone, role=Role.TRAINEE, person=person, first_name=req.name, password=req.password
    )
    mark_verified(user, via=via)
    user.save()
    return user


__all__ = ["signup_start", "code_send", "code_verify", "to_officer", "complete", "login_verify_start"]
