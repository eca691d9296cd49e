"""The working state of one quote while the rules run in order."""

from __future__ import annotations

from collections.abc import Sequence
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
