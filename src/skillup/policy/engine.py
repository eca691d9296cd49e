"""quote(claim, history) -> Decision, and quote_many for batches of claims.

`quote` runs every rule for the claim. `quote_many` gives the same answers faster: a claim without history
is answered from a memo of decisions keyed on the facts the rules read (scheme, occupation, level, class
hours up to the scheme's largest threshold, the stretch of dates between two validity boundaries, the year,
uplift, cost where a cap is paid against it, pension and groups where they matter). Decisions are
immutable, so claims with the same facts share one Decision and its basis.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence

from .catalogue import Catalogue, default_catalogue
from .model import BasisItem, Claim, Decision, HistoryItem
from .money import ZERO, money, yuan
from .rules import RULES, Working


class UnknownScheme(KeyError):
    """The claim names a scheme the catalogue does not have."""


def quote(claim: Claim, history: Sequence[HistoryItem] = (), catalogue: Catalogue | None = None) -> Decision:
    """Apply every rule to one claim and its history; the answer with the basis that explains it."""
    cat = catalogue or default_catalogue()
    scheme = cat.scheme(claim.scheme)
    if scheme is None:
        raise UnknownScheme(claim.scheme)
    w = Working(claim=claim, history=history, catalogue=cat, scheme=scheme)
    for rule in RULES:
        rule(w)
    return _conclude(w)


# 附件2 and QUOTE.md: a refused claim is worth 0.00; the amount is rounded to the fen, half-up.
def _conclude(w: Working) -> Decision:
    clause = w.scheme.clause
    if w.refusals:
        w.add("conclusion", clause, f"不予补贴（{'、'.join(w.refusals)}）：0.00 元")
        return Decision(False, ZERO, tuple(w.refusals), tuple(w.basis))
    amount = money(w.amount or 0)
    payee = w.catalogue.payees.get(w.scheme.payee, w.scheme.payee)
    w.add("conclusion", clause, f"{w.scheme.name_zh}：核定补贴 {yuan(amount)} 元，支付给{payee}")
    return Decision(True, amount, (), tuple(w.basis))


class Quoter:
    """Quotes against one catalogue, remembering decisions for claims without history."""

    MAX_MEMO = 500_000

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue or default_catalogue()
        self._memo: dict[Hashable, Decision] = {}
        self._segments: dict[dt.date, int] = {}
        self._minimums: dict[tuple[str, object, str | None, int], int | None] = {}
        cat = self.catalogue
        self._bounds = tuple(sorted(set(cat.boundaries) | {d for d in cat.plan_window if d}))
        self._reads = {code: self._reads_of(code) for code in cat.schemes_by_code}
        self._category = cat.category_of.get  # bound once: the batch path calls it per claim
        self._other = cat.other_category

    def _reads_of(self, code: str) -> tuple[str | None, str | None, int | None, bool, bool, bool]:
        """What the rules read of a claim of this scheme: (occupation as, hours as, hours top, cost, groups,
        pension). Occupation is read as its category or as list membership; hours as "minimum met" or, where
        paid per hour, as the number up to the paid maximum."""
        s = self.catalogue.schemes_by_code[code]
        entries = s.all_entries()
        occupation = {"vocational": "category", "special_ability": "listed"}.get(s.occupations or "")
        if any(e.of for e in entries):
            occupation = "category"
        top = None
        if any(e.per == "hours" for e in entries):
            hours = "count"
            if all(e.max_units is not None for e in entries if e.per == "hours"):
                top = max(e.max_units or 0 for e in entries) + 1
        elif any(e.hours is not None for e in entries):
            hours = "met" if set(s.key) <= {"category", "level"} else "count"
        else:
            hours = None
        costly = any(e.cap is not None or e.share is not None or e.cap_field for e in entries)
        return occupation, hours, top, costly, bool(s.groups_required), s.pension_excluded

    def _minimum(self, claim: Claim, occupation: object, segment: int) -> int | None:
        slot = (claim.scheme, occupation, claim.level, segment)
        if slot not in self._minimums:
            self._minimums[slot] = self.catalogue.required_hours(
                claim.scheme, claim.occupation, claim.level, on=claim.date
            )
        return self._minimums[slot]

    def key(self, claim: Claim) -> Hashable:
        """The facts the rules read; two claims with the same key get the same decision."""
        segment = self._segments.get(claim.date)
        if segment is None:
            segment = self._segments[claim.date] = bisect_right(self._bounds, claim.date)
        reads = self._reads.get(claim.scheme)
        if reads is None:
            raise UnknownScheme(claim.scheme)
        occupation_as, hours_as, top, costly, groups, pension = reads
        occupation: object = None
        if occupation_as == "category":
            occupation = self._category(claim.occupation or "", self._other)
        elif occupation_as == "listed":
            occupation = claim.occupation in self.catalogue.special_set
        hours: object = None
        if hours_as == "met":
            slot = (claim.scheme, occupation, claim.level, segment)
            minimum = (
                self._minimums[slot] if slot in self._minimums else self._minimum(claim, occupation, segment)
            )
            hours = None if minimum is None else (claim.hours is not None and claim.hours >= minimum)
        elif hours_as == "count":
            hours = claim.hours if top is None or claim.hours is None else min(claim.hours, top)
        person = claim.person
        return (
            claim.scheme,
            segment,
            occupation,
            claim.level,
            hours,
            claim.cost if costly else None,
            claim.uplifts,
            claim.kind,
            claim.days,
            claim.months,
            claim.year_of_scheme,
            claim.out_of_province,
            claim.ui_premiums_last_year,
            person.pension if pension else None,
            person.groups if groups else None,
        )

    def quote(self, claim: Claim, history: Sequence[HistoryItem] = ()) -> Decision:
        if history:
            # History-dependent rules (第20条, 第10条 months) make each such claim its own case.
            return quote(claim, history, self.catalogue)
        key = self.key(claim)
        decision = self._memo.get(key)
        if decision is None:
            if len(self._memo) >= self.MAX_MEMO:
                self._memo.clear()
            decision = self._memo[key] = quote(claim, (), self.catalogue)
        return decision


_default_quoter: Quoter | None = None


def default_quoter() -> Quoter:
    global _default_quoter
    if _default_quoter is None or _default_quoter.catalogue is not default_catalogue():
        _default_quoter = Quoter()
    return _default_quoter


def quote_many(
    claims: Iterable[tuple[Claim, Sequence[HistoryItem]]], catalogue: Catalogue | None = None
) -> list[Decision]:
    """Quote a batch; the same decisions as `quote` one by one, each with its full basis."""
    quoter = default_quoter() if catalogue is None else Quoter(catalogue)
    key, memo, cat = quoter.key, quoter._memo, quoter.catalogue
    decisions: list[Decision] = []
    append = decisions.append
    for claim, history in claims:
        if history:
            append(quote(claim, history, cat))
            continue
        k = key(claim)
        decision = memo.get(k)
        if decision is None:
            decision = quoter.quote(claim)
        append(decision)
    return decisions


__all__ = ["BasisItem", "Quoter", "UnknownScheme", "quote", "quote_many"]
