"""What the claim review needs of the fund, as a small interface (issue 12: no subsidies↔fund cycle).

The layering is one way: the fund app depends on subsidies (claims, their selectors), never the reverse.
The review holds department budgets and commits the fund at Finance's step through the `Funding` the fund
app registers at start-up (`fund/apps.py`), so no module of subsidies imports fund.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol


class Funding(Protocol):
    def lock_budgets(self, pairs: Iterable[tuple[int, int]]) -> dict:
        """SELECT … FOR UPDATE the budgets of these (department id, year) pairs: pair → object with `amount`."""

    def used_by_department_year(
        self, pairs: Iterable[tuple[int, int]], *, exclude_ids=()
    ) -> dict[tuple[int, int], Decimal]:
        """What is already reserved of each pair's budget."""

    def commit(self, claims: list, *, actor, day) -> None:
        """Finance's approval commits the fund for these claims (one posting per claim)."""

    def release(self, claims: list, *, actor, day, memo: str) -> None:
        """A committed claim that will not be paid after all (rejected by a confirmed case): its
        commitment is undone, so the money is no longer payable (one posting per claim)."""


_funding: Funding | None = None


def register(funding: Funding) -> None:
    global _funding
    _funding = funding


def funding() -> Funding:
    if _funding is None:
        raise RuntimeError("no Funding registered: the fund app registers one in its AppConfig.ready")
    return _funding
