"""Changes to where money goes (第20条): a person's citizen card, an institution's or enterprise's bank
account. The only ways these change; the admin shows them read-only. Each change is one transaction with
an audit row that keeps the old and new numbers masked, never in full."""

from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.permissions import require
from skillup.registry import payees, permissions
from skillup.registry.models import Organisation, Person
from skillup.registry.validators import normalise_phone

PAYEE_ORG_KINDS = permissions.PAYEE_ORG_KINDS


def person_card_update(*, actor, person: Person, citizen_card: str, phone: str | None = None) -> Person:
    """Record a person's (new) citizen card number, and optionally their phone. An empty card number
    means "pay by identity number". Audited with the old and new card masked."""
    require(permissions.can_change_card(actor, person))
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
    require(permissions.can_change_bank_account(actor, organisation))
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
