"""The price after subsidy (第17条 培训超市): what an offer costs, what the plan pays and what remains.

Every figure comes from the policy engine: the offer is quoted as the claim its training would become
(scheme, occupation, level, hours, the price as the cost) on the day it ends. The standard figure is for a
typical eligible person (no history, in the scheme's target group where it has one); a signed-in trainee
is quoted with their own facts (groups, pension) and their real history of subsidies (subsidies
selectors), so the annual limit (第20条), a repeat of the same level and the caps show. What remains to
pay is the price less the subsidy, the subsidy never above the price: min(price, subsidy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from skillup.core import clock
from skillup.policy import Claim, Decision, HistoryItem, Person, quote, quote_many
from skillup.policy.catalogue import default_catalogue
from skillup.policy.money import ZERO, money
from skillup.subsidies.checks import REFUSAL_NAMES


@dataclass(frozen=True)
class Price:
    price: Decimal
    subsidy: Decimal
    to_pay: Decimal
    eligible: bool
    basis: tuple[tuple[str, str], ...]  # (clause, detail)
    refusals: tuple[str, ...]  # in Chinese
    personal: bool  # quoted with the trainee's own facts and history
    payee: str  # who the subsidy is paid to (个人 / 企业 / 培训机构)

    @property
    def refusal_text(self) -> str:
        return "、".join(self.refusals)


def quote_day(offer) -> dt.date:
    """The day the entitlement would arise: the end of the class (the certificate follows it), or the
    business date for an offer that opens when enough people join."""
    return offer.end_date or offer.start_date or clock.today()


def typical_person(scheme_code: str) -> Person:
    """A typical eligible person: no pension, no history, in the scheme's target group if it names one."""
    scheme = default_catalogue().scheme(scheme_code)
    groups = tuple(scheme.groups_required[:1]) if scheme is not None else ()
    return Person(groups=groups)


def person_facts(person) -> Person:
    """The registry person as the engine reads them (their groups and pension)."""
    return Person(
        birth_date=person.birth_date, sex=person.sex, groups=tuple(person.group_list), pension=person.pension
    )


def _months(offer) -> int | None:
    if offer.start_date and offer.end_date:
        days = (offer.end_date - offer.start_date).days + 1
        return max(1, round(days / 30))
    return None


def offer_claim(offer, person: Person) -> Claim:
    """The claim this offer's training would become for that person."""
    scheme = default_catalogue().scheme(offer.scheme)
    kinds = list(scheme.kinds) if scheme is not None else []
    needs = set(scheme.needs) if scheme is not None else set()
    return Claim(
        scheme=offer.scheme,
        date=quote_day(offer),
        occupation=offer.occupation or None,
        level=offer.level or None,
        hours=offer.hours,
        cost=money(offer.price),
        kind=kinds[0] if kinds and "kind" in needs else None,
        months=_months(offer) if "months" in needs else None,
        year_of_scheme=1 if "year_of_scheme" in needs else None,
        person=person,
    )


def _price(offer, decision: Decision, *, personal: bool) -> Price:
    price = money(offer.price)
    subsidy = min(price, decision.amount) if decision.eligible else ZERO
    cat = default_catalogue()
    scheme = cat.scheme(offer.scheme)
    payee = cat.payees.get(scheme.payee, scheme.payee) if scheme is not None else ""
    return Price(
        price=price,
        subsidy=subsidy,
        to_pay=price - subsidy,
        eligible=decision.eligible,
        basis=tuple((b.clause, b.detail) for b in decision.basis),
        refusals=tuple(REFUSAL_NAMES.get(r) or r for r in decision.refusals),
        personal=personal,
        payee=payee,
    )


def _unknown(offer) -> Price:
    price = money(offer.price)
    return Price(price, ZERO, price, False, (), ("补贴项目不在政策目录中",), False, "")


def standard_prices(offers: Sequence) -> dict[int, Price]:
    """The standard figure of each offer (a typical eligible person), in one batch of the engine."""
    known = [o for o in offers if default_catalogue().scheme(o.scheme) is not None]
    decisions = quote_many([offer_claim(o, typical_person(o.scheme)) for o in known])
    found = {o.pk: _price(o, d, personal=False) for o, d in zip(known, decisions, strict=True)}
    return {o.pk: found.get(o.pk) or _unknown(o) for o in offers}


def personal_price(offer, person, history: Sequence[HistoryItem]) -> Price:
    """The trainee's own figure: their facts and their real history."""
    if default_catalogue().scheme(offer.scheme) is None:
        return _unknown(offer)
    return _price(offer, quote(offer_claim(offer, person_facts(person)), history), personal=True)


def personal_prices(offers: Sequence, person, history: Sequence[HistoryItem]) -> dict[int, Price]:
    return {o.pk: personal_price(o, person, history) for o in offers}
