"""The working state of one quote while the rules run in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalogue import Catalogue, Entry, Scheme
from ..model import BasisItem, Claim, HistoryItem


@dataclass
class Working:
    claim: Claim
    history: Sequence[HistoryItem]
    catalogue: Catalogue
    scheme: Scheme
    basis: list[BasisItem] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    category: str | None = None
    entry: Entry | None = None
    label: str = ""
    amount: Decimal | None = None  # a fixed or computed standard
    cap: Decimal | None = None  # an "up to" ceiling, paid against the actual cost
    months_left: int | None = None  # chief technician: months of the 36 still payable

    def add(self, rule: str, clause: str, detail: str) -> None:
        self.basis.append(BasisItem(rule, clause, detail))

    def refuse(self, code: str, rule: str, clause: str, detail: str) -> None:
        if code not in self.refusals:
            self.refusals.append(code)
        self.basis.append(BasisItem(rule, clause, detail))

    @property
    def stopped(self) -> bool:
        """No standard could be found, so no amount can be worked out (other checks still run)."""
        return self.entry is None


# What a rule reads of a claim without history, for a scheme: declared next to the rule (`@reads`), so the
# batch quoter's memo (engine._Plan) keys on exactly the union of what the rules read. Names are claim
# fields, "person.pension" and "person.groups"; the date and the scheme are always read.
Declaration = Callable[[Scheme, Catalogue], Iterable[str]]


def reads(declaration: Declaration) -> Callable[[Callable[[Working], None]], Callable[[Working], None]]:
    def mark(rule: Callable[[Working], None]) -> Callable[[Working], None]:
        rule.reads = declaration  # type: ignore[attr-defined]
        return rule

    return mark


def declared_reads(rule: Callable[[Working], None], scheme: Scheme, catalogue: Catalogue) -> set[str]:
    declaration = getattr(rule, "reads", None)
    if declaration is None:
        raise TypeError(f"rule {rule.__name__} declares no reads (decorate it with @reads)")
    return set(declaration(scheme, catalogue))
