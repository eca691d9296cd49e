"""Trainee self-registration: a person opens a trainee login with identity number, name, phone and a
password. An identity number already in the registry links to that person when the name matches; an
unknown number registers a new person. The login name is the phone number."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.registry.models import Person
from skillup.registry.selectors import person_by_id_number
from skillup.registry.services import clean_person_fields, person_build


def trainee_signup(*, id_number: str, name: str, phone: str, password: str) -> User:
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
    person = person_by_id_number(number)
    if person is not None and person.name != name:
        raise RuleViolation("身份证号与姓名不符，请核对后重试", field="name")
    if person is not None and User.objects.filter(person=person).exists():
        raise StateConflict("该身份证号已注册账号，请直接登录（忘记密码请联系培训机构或人社局）")
    try:
        with transaction.atomic():
            if person is None:
                person = person_build(number=number, name=name, phone=phone, codes=[])
                person.save()
                audit.record(
                    actor=None,
                    action="person.register",
                    obj=person,
                    changes={"id_number": [None, person.id_masked], "name": [None, name]},
                    summary=f"学员自助注册登记 {name}",
                )
            elif person.phone != phone:
                before = person.phone
                person.phone = phone
                person.save(update_fields=["phone", "updated_at"])
                audit.record(
                    actor=None, action="person.update_contact", obj=person, changes={"phone": [before, phone]}
                )
            user = User(username=phone, role=Role.TRAINEE, person=person, first_name=name)
            user.set_password(password)
            user.save()
            audit.record(actor=user, action="user.signup", obj=user, summary=f"学员 {name} 自助注册账号")
    except IntegrityError:
        raise StateConflict("该身份证号或手机号已注册，请直接登录") from None
    return user


__all__ = ["trainee_signup", "Person"]
