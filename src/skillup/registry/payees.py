"""Where money goes: a person's citizen card (市民卡), an institution's or enterprise's bank account.

One place for the payee facts that claims, checks, payment batches and pages all need (第20条):

- A person is paid on their citizen card, which the card centre addresses by the identity number. A card
  number is stored when one is known; without it the payment still goes out, by identity number. So a
  person claim is never short of an account: its `payee_account` is the card number, or `BY_ID_NUMBER`.
- An institution or enterprise is paid to its bank account; without one it cannot be paid.

The account numbers' shapes are checked here too, so that the trainee's page, HR's page and the
organisation's page refuse the same malformed numbers with the same Chinese message.
"""

import re

PERSON = "person"
# Claim.payee_account of a person whose card number is not stored: the card centre pays by identity number.
BY_ID_NUMBER = "按身份证号"
BY_ID_NUMBER_LABEL = "市民卡（按身份证号发放）"

CARD_LENGTH = (8, 20)  # 市民卡号: digits, as printed on the card
BANK_LENGTH = (8, 32)  # 对公银行账号: digits, as the bank issues them
_SEPARATORS = re.compile(r"[\s\-]")


def person_account(person) -> str:
    """The account a person is paid to today: their card number, else by identity number."""
    return (person.citizen_card or "").strip() or BY_ID_NUMBER


def organisation_account(organisation) -> str:
    return (organisation.bank_account or "").strip()


def current_account(kind: str, owner) -> str:
    """The account of the payee `owner` (a Person for person payees, else an Organisation), read now."""
    if owner is None:
        return ""
    return person_account(owner) if kind == PERSON else organisation_account(owner)


def account_missing(kind: str, account: str) -> bool:
    """Only an organisation can lack an account; a person is always payable by identity number."""
    return kind != PERSON and not (account or "").strip()


def by_id_number(account: str) -> bool:
    return account == BY_ID_NUMBER


def mask(account: str) -> str:
    """6217********1234 for display and for the audit trail: never a full account on screen."""
    account = account or ""
    if not account or by_id_number(account):
        return account
    if len(account) <= 8:
        return account[:2] + "*" * max(len(account) - 4, 0) + account[-2:]
    return account[:4] + "*" * (len(account) - 8) + account[-4:]


def account_display(kind: str, account: str) -> str:
    """What every screen says about an account, in plain Chinese."""
    if kind == PERSON:
        if not account or by_id_number(account):
            return BY_ID_NUMBER_LABEL
        return f"市民卡 {mask(account)}"
    if not account:
        return "银行账号缺失（不能发放）"
    return f"银行账号 {mask(account)}"


def clean_citizen_card(value: str) -> str:
    """A citizen card number as stored: digits only; empty clears it (payment then by identity number)."""
    card = _SEPARATORS.sub("", value or "")
    if not card:
        return ""
    low, high = CARD_LENGTH
    if not card.isdigit() or not low <= len(card) <= high:
        raise ValueError(f"市民卡号应为{low}至{high}位数字")
    return card


def clean_bank_account(value: str) -> str:
    """A bank account number as stored: digits only, never empty (an organisation needs one to be paid)."""
    account = _SEPARATORS.sub("", value or "")
    low, high = BANK_LENGTH
    if not account:
        raise ValueError("银行账号不能为空")
    if not account.isdigit() or not low <= len(account) <= high:
        raise ValueError(f"银行账号应为{low}至{high}位数字")
    return account


def basis_line(claim) -> str:
    """The payee line of a claim's basis (第20条)."""
    if claim.payee_kind == PERSON:
        if by_id_number(claim.payee_account) or not claim.payee_account:
            return "发放至本人市民卡，市民卡中心按身份证号入账（未登记市民卡号不影响发放）"
        return f"发放至本人市民卡（{mask(claim.payee_account)}）"
    return f"发放至{claim.payee_name}银行账号（{mask(claim.payee_account)}）"
