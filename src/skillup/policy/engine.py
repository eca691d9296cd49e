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
        self._days: dict[dt.date, tuple[int, int]] = {}
        cat = self.catalogue
        self._bounds = cat.boundaries + tuple(d for d in cat.plan_window if d)
        self._bounds = tuple(sorted(set(self._bounds)))
        # Per scheme: (hours threshold, reads cost, reads groups, reads pension).
        self._reads: dict[str, tuple[int | None, bool, bool, bool]] = {}
        for code, s in cat.schemes_by_code.items():
            entries = s.all_entries()
            unbounded = any(e.per == "hours" and e.max_units is None for e in entries)
            hours = None if unbounded else cat.hours_saturation[code]
            costly = any(e.cap is not None or e.share is not None or e.cap_field for e in entries)
            self._reads[code] = (hours, costly, bool(s.groups_required), s.pension_excluded)

    def key(self, claim: Claim) -> Hashable:
        """The facts the rules read; two claims with the same key get the same decision."""
        day = self._days.get(claim.date)
        if day is None:
            day = (bisect_right(self._bounds, claim.date), claim.date.year)
            self._days[claim.date] = day
        reads = self._reads.get(claim.scheme)
        if reads is None:
            raise UnknownScheme(claim.scheme)
        top, costly, groups, pension = reads
        hours = claim.hours
        if hours is not None and top is not None and hours > top:
            hours = top
        person = claim.person
        return (
            claim.scheme,
            day,
            claim.occupation,
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
    answer = quoter.quote
    return [answer(claim, history) for claim, history in claims]


__all__ = ["BasisItem", "Quoter", "UnknownScheme", "quote", "quote_many"]
