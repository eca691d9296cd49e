"""quote(claim, history) -> Decision, and quote_many for batches of claims.

`quote` runs every rule for the claim. `quote_many` gives the same answers faster. A claim without history
is answered from a memo of decisions keyed on the facts the rules read for its scheme (`_Plan`): the
stretch of dates between two validity boundaries, the occupation's category (or its place on the
special-ability list), and the claim fields the scheme's rules look at (level, hours, uplifts, cost,
pension, groups, ...). Decisions are immutable, so claims with the same facts share one Decision and its
basis.

The batch path walks that memo in C: per scheme, `map` takes each claim's date to the node of its date
stretch, its occupation to the node of its category, and the tuple of its other read fields to the
Decision (operator.attrgetter builds the tuple; dict look-ups do the rest). Python runs only on a miss
(`__missing__`), which quotes a representative claim with the same facts through `Quoter.quote`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any, cast

from .catalogue import Catalogue, default_catalogue
from .model import BasisItem, Claim, Decision, HistoryItem, Person
from .money import ZERO, money, yuan
from .rules import RULES, Working
from .rules.working import declared_reads

# What quote_many takes: a (claim, history) pair, or a bare claim for a claim without history.
Item = Claim | tuple[Claim, Sequence[HistoryItem]]


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


_CLAIM_FIELDS = frozenset(Claim.__dataclass_fields__)
ALWAYS_READ = frozenset({"scheme", "date"})  # every quote reads these; the memo keys on them apart
PERSON_FIELDS = frozenset({"person.pension", "person.groups"})
_date, _occupation, _scheme = attrgetter("date"), attrgetter("occupation"), attrgetter("scheme")
_first, _second = itemgetter(0), itemgetter(1)
_lookup = dict.__getitem__  # on the nodes below, a miss calls their __missing__


class _Plan:
    """What the rules read of a claim without history of one scheme, and the memo walked by quote_many.

    `fields` are the claim fields read as they are ("person.pension" and "person.groups" from the person);
    the date is read as its stretch between validity boundaries, the occupation (when `occupation` is
    set) as its category and/or its place on the special-ability list."""

    def __init__(self, quoter: Quoter, code: str) -> None:
        cat = quoter.catalogue
        s = cat.schemes_by_code[code]
        entries = s.all_entries()
        self.quoter, self.code = quoter, code
        self.category = s.occupations == "vocational" or any(e.of for e in entries)
        self.listed = s.occupations == "special_ability"
        self.occupation = self.category or self.listed
        # The union of what the rules declare they read (`rules.working.reads`, next to each rule); the
        # date and the occupation are keyed apart (its stretch, its category or list membership).
        declared = set().union(*(declared_reads(rule, s, cat) for rule in RULES))
        if "occupation" in declared and not self.occupation:
            raise TypeError(f"{code}: a rule reads the occupation, which the batch memo cannot key")
        # 附件2 经费补助 reads the cap from a claim field the entry names (a name no claim has fails alike
        # for every claim, so only claim fields are keyed).
        fields = sorted(declared & (_CLAIM_FIELDS | PERSON_FIELDS) - ALWAYS_READ - {"occupation"})
        self.fields: tuple[str, ...] = tuple(fields)
        self.values: Callable[[Claim], Any] = attrgetter(*fields)
        # Quoter.key reads hours apart (as "minimum met" or up to the paid maximum).
        self.others: Callable[[Claim], Any] = attrgetter(*(f for f in fields if f != "hours"))
        self.dates = _Dates(self)

    def claim(self, day: dt.date, occupation: str | None, values: Any) -> Claim:
        """A claim with these facts: what the rules read of it is what they read of every claim it stands for."""
        read = dict(zip(self.fields, values if len(self.fields) > 1 else (values,), strict=True))
        person = Person(groups=read.pop("person.groups", ()), pension=read.pop("person.pension", False))
        return Claim(self.code, day, occupation, person=person, **read)

    def occupation_as(self, occupation: str | None, day: dt.date) -> Hashable:
        """The occupation as the rules read it on `day`: its finding (category and basis) and/or its place on
        the special-ability list, both by normalised name."""
        cat = self.quoter.catalogue
        return (
            cat.find_occupation(occupation, day) if self.category else None,
            cat.is_special_item(occupation) if self.listed else None,
        )


class _Reading:
    """A claim (or its person) that notes each field a rule reads of it."""

    def __init__(self, target: Any, seen: set[str], prefix: str = "") -> None:
        self._target, self._seen, self._prefix = target, seen, prefix

    def __getattr__(self, name: str) -> Any:
        self._seen.add(self._prefix + name)
        value = getattr(self._target, name)
        return _Reading(value, self._seen, "person.") if name == "person" and not self._prefix else value


def fields_read(
    claim: Claim, catalogue: Catalogue | None = None, rules: Sequence[Callable[[Working], None]] = RULES
) -> dict[str, set[str]]:
    """What each rule actually reads of a claim without history (rule name → field names)."""
    cat = catalogue or default_catalogue()
    scheme = cat.schemes_by_code[claim.scheme]
    seen: set[str] = set()
    w = Working(claim=cast(Claim, _Reading(claim, seen)), history=(), catalogue=cat, scheme=scheme)
    found = {}
    for rule in rules:
        seen.clear()
        rule(w)
        found[rule.__name__] = set(seen) - {"person"}
    return found


def undeclared_reads(
    claim: Claim, catalogue: Catalogue | None = None, rules: Sequence[Callable[[Working], None]] = RULES
) -> dict[str, set[str]]:
    """The fields a rule read of this claim but did not declare (`@reads`): a rule that would let the batch
    memo share a wrong answer. Empty when every rule read only what it declared."""
    cat = catalogue or default_catalogue()
    scheme = cat.schemes_by_code[claim.scheme]
    wrong = {}
    for rule, read in zip(rules, fields_read(claim, cat, rules).values(), strict=True):
        extra = read - ALWAYS_READ - declared_reads(rule, scheme, cat)
        if extra:
            wrong[rule.__name__] = extra
    return wrong


class _Node(dict[Any, Any]):
    """A memo level that caches what its __missing__ finds, within the quoter's budget."""

    plan: _Plan

    def keep(self, key: Any, value: Any) -> Any:
        quoter = self.plan.quoter
        if quoter._cached < quoter.MAX_MEMO:
            quoter._cached += 1
            self[key] = value
        return value


class _Leaf(_Node):
    """Claims of one date stretch and occupation category: their read fields → Decision."""

    def __init__(self, plan: _Plan, day: dt.date, occupation: str | None) -> None:
        super().__init__()
        self.plan, self.day, self.occupation = plan, day, occupation

    def __missing__(self, values: Any) -> Decision:
        plan = self.plan
        return self.keep(values, plan.quoter.quote(plan.claim(self.day, self.occupation, values)))


class _Occupations(_Node):
    """Claims of one date stretch: occupation → the leaf of its category (occupations of a category share it)."""

    def __init__(self, plan: _Plan, day: dt.date) -> None:
        super().__init__()
        self.plan, self.day = plan, day
        self.leaves: dict[Hashable, _Leaf] = {}

    def __missing__(self, occupation: str | None) -> _Leaf:
        as_read = self.plan.occupation_as(occupation, self.day)
        leaf = self.leaves.get(as_read)
        if leaf is None:
            leaf = self.leaves[as_read] = _Leaf(self.plan, self.day, occupation)
        return self.keep(occupation, leaf)


class _Dates(_Node):
    """date → the node of its stretch between two validity boundaries (dates of a stretch share it)."""

    def __init__(self, plan: _Plan) -> None:
        super().__init__()
        self.plan = plan
        self.stretches: dict[int, _Node] = {}

    def __missing__(self, day: dt.date) -> _Node:
        stretch = self.plan.quoter.segment(day)
        node = self.stretches.get(stretch)
        if node is None:
            plan = self.plan
            node = _Occupations(plan, day) if plan.occupation else _Leaf(plan, day, None)
            self.stretches[stretch] = node
        return self.keep(day, node)


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
        self._find = cat.find_occupation  # bound once: the single path calls it per claim
        self._listed = cat.is_special_item
        self._plans: dict[str, _Plan] = {}
        self._cached = 0  # entries in the batch memo (the _Plan nodes)

    def _reads_of(self, code: str) -> tuple[str | None, str | None, int | None]:
        """How the rules read a claim's occupation and hours for this scheme: (occupation as, hours as,
        hours top). Occupation is read as its category or as list membership; hours as "minimum met" or,
        where paid per hour, as the number up to the paid maximum. The other fields they read: `_Plan`."""
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
        return occupation, hours, top

    def segment(self, day: dt.date) -> int:
        """Which stretch between two validity boundaries the day falls in: days of a stretch read alike."""
        segment = self._segments.get(day)
        if segment is None:
            segment = bisect_right(self._bounds, day)
            if len(self._segments) < self.MAX_MEMO:
                self._segments[day] = segment
        return segment

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
            segment = self.segment(claim.date)
        reads = self._reads.get(claim.scheme)
        if reads is None:
            raise UnknownScheme(claim.scheme)
        occupation_as, hours_as, top = reads
        occupation: object = None
        if occupation_as == "category":
            occupation = self._find(claim.occupation, claim.date)
        elif occupation_as == "listed":
            occupation = self._listed(claim.occupation)
        hours: object = None
        if hours_as == "met":
            slot = (claim.scheme, occupation, claim.level, segment)
            minimum = (
                self._minimums[slot] if slot in self._minimums else self._minimum(claim, occupation, segment)
            )
            hours = None if minimum is None else (claim.hours is not None and claim.hours >= minimum)
        elif hours_as == "count":
            hours = claim.hours if top is None or claim.hours is None else min(claim.hours, top)
        return (claim.scheme, segment, occupation, hours, self._plan(claim.scheme).others(claim))

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

    def _plan(self, code: str) -> _Plan:
        plan = self._plans.get(code)
        if plan is None:
            if code not in self._reads:
                raise UnknownScheme(code)
            plan = self._plans[code] = _Plan(self, code)
        return plan

    def _same_scheme(self, code: str, claims: list[Claim]) -> list[Decision]:
        """Decisions for claims without history, all of scheme `code`: three look-ups a claim, in C."""
        plan = self._plan(code)
        nodes: Iterable[Any] = map(plan.dates.__getitem__, map(_date, claims))
        if plan.occupation:
            nodes = map(_lookup, nodes, map(_occupation, claims))
        return list(map(_lookup, nodes, map(plan.values, claims)))

    def quote_many(self, batch: Iterable[Item]) -> list[Decision]:
        """The decisions `quote` gives one by one, in order; claims without history share memoised ones.

        An item is a (claim, history) pair or a bare Claim, which is a claim without history."""
        if self._cached >= self.MAX_MEMO:  # the batch memo is full: start it again
            self._plans.clear()
            self._cached = 0
        items = batch if isinstance(batch, list) else list(batch)
        try:
            # Only claims have a scheme (a pair has not): the common case of bare claims costs one pass.
            codes = set(map(_scheme, items))
        except AttributeError:
            codes = None
        pairs: list[tuple[Claim, Sequence[HistoryItem]]] = []
        if codes is not None:
            claims, with_history = cast(list[Claim], items), []
        else:
            pairs = cast(Any, items)
            if any(issubclass(kind, Claim) for kind in set(map(type, items))):
                pairs = [(x, ()) if isinstance(x, Claim) else x for x in items]
            claims = list(map(_first, pairs))
            with_history = list(compress(range(len(pairs)), map(_second, pairs)))
            codes = set(map(_scheme, claims))
        if len(codes) == 1 and not with_history:
            return self._same_scheme(codes.pop(), claims)
        decisions: list[Decision | None] = [None] * len(claims)
        for i in with_history:
            claim, history = pairs[i]
            decisions[i] = quote(claim, history, self.catalogue)
        if len(with_history) < len(claims):
            by_scheme: dict[str, list[int]] = {}
            for i, claim in enumerate(claims):
                if decisions[i] is None:
                    by_scheme.setdefault(claim.scheme, []).append(i)
            for code, indices in by_scheme.items():
                for i, decision in zip(
                    indices, self._same_scheme(code, [claims[i] for i in indices]), strict=True
                ):
                    decisions[i] = decision
        return decisions  # type: ignore[return-value]  # every slot is filled above


_default_quoter: Quoter | None = None


def default_quoter() -> Quoter:
    global _default_quoter
    if _default_quoter is None or _default_quoter.catalogue is not default_catalogue():
        _default_quoter = Quoter()
    return _default_quoter


def quote_many(claims: Iterable[Item], catalogue: Catalogue | None = None) -> list[Decision]:
    """Quote a batch of (claim, history) pairs or bare claims (no history); the same decisions as `quote`
    one by one, each with its full basis."""
    quoter = default_quoter() if catalogue is None else Quoter(catalogue)
    return quoter.quote_many(claims)


__all__ = ["BasisItem", "Quoter", "UnknownScheme", "quote", "quote_many"]
