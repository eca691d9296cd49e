"""Changes to where money goes (第20条): a person's citizen card, an institution's or enterprise's bank
account. The only ways these change; the admin shows them read-only. Each change is one transaction with
an audit row that keeps the old and new numbers masked, never in full."""

from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.binding import binding_verified
from skillup.accounts.roles import Role
from skillup.core.errors import FieldError, NotAllowed, RuleViolation
from skillup.registry import payees
from skillup.registry.models import Organisation, OrgKind, Person
from skillup.registry.validators import normalise_phone

CARD_EDITORS = frozenset({Role.HR, Role.HR_ADMIN})
BANK_EDITORS = frozenset({Role.HR, Role.HR_ADMIN})
PAYEE_ORG_KINDS = (OrgKind.INSTITUTION, OrgKind.ENTERPRISE)


def may_change_card(actor, person: Person) -> bool:
    """The trainee on their own 我的信息 page — once the login is proven theirs (issue 10 item 1: the card
    is where their subsidies are paid) — or an HR officer on the person's page."""
    if actor.role == Role.TRAINEE:
        return actor.person_id == person.pk and binding_verified(actor)
    return actor.role in CARD_EDITORS


def may_change_bank_account(actor, organisation: Organisation) -> bool:
    """HR for any institution or enterprise; an institution's or enterprise's staff for their own."""
    if organisation.kind not in PAYEE_ORG_KINDS:
        return False
    if actor.role in BANK_EDITORS:
        return True
    return actor.role in (Role.INSTITUTION, Role.ENTERPRISE) and actor.organisation_id == organisation.pk


def person_card_update(*, actor, person: Person, citizen_card: str, phone: str | None = None) -> Person:
    """Record a person's (new) citizen card number, and optionally their phone. An empty card number
    means "pay by identity number". Audited with the old and new card masked."""
    if not may_change_card(actor, person):
        raise NotAllowed("只有本人或人社局经办人员可以更正市民卡号")
    errors = []
    try:
        card = payees.clean_citizen_card(citizen_card)
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="citizen_card"))
    if phone is not None:
        try:
            phone = normalise_phone(phone) if phone.strip() else ""
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="phone"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changes, fields = {}, []
        if card != person.citizen_card:
            changes["citizen_card"] = [payees.mask(person.citizen_card), payees.mask(card)]
            person.citizen_card = card
            fields.append("citizen_card")
        if phone is not None and phone != person.phone:
            changes["phone"] = [person.phone, phone]
            person.phone = phone
            fields.append("phone")
        if not fields:
            return person
        person.save(update_fields=[*fields, "updated_at"])
        who = "本人" if actor.role == Role.TRAINEE else "人社局"
        audit.record(
            actor=actor,
            action="person.card_update",
            obj=person,
            changes=changes,
            summary=f"{who}更正 {person.name} 的"
            + "、".join({"citizen_card": "市民卡号", "phone": "手机号"}[f] for f in fields),
        )
    return person


def organisation_bank_account_update(
    *, actor, organisation: Organisation, bank_account: str, reason: str = ""
) -> Organisation:
    """An institution's or enterprise's new bank account. Audited with the old and new account masked and
    the reason, so HR sees every change made by the organisation's own staff."""
    if not may_change_bank_account(actor, organisation):
        raise NotAllowed("只有人社局或本单位经办人员可以变更本单位的银行账号")
    try:
        account = payees.clean_bank_account(bank_account)
    except ValueError as exc:
        raise RuleViolation(str(exc), field="bank_account") from None
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if account == organisation.bank_account:
            raise RuleViolation("新账号与现有账号相同，无需变更", field="bank_account")
        old = organisation.bank_account
        organisation.bank_account = account
        organisation.save(update_fields=["bank_account"])
        audit.record(
            actor=actor,
            action="organisation.bank_account",
            obj=organisation,
            changes={"bank_account": [payees.mask(old), payees.mask(account)], "reason": reason},
            summary=f"{organisation.name} 银行账号变更为 {payees.mask(account)}"
            + (f"：{reason}" if reason else ""),
        )
    return organisation
