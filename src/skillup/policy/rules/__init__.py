"""Rule functions named after policy concepts, applied in this order; each appends to the basis."""

from __future__ import annotations

from collections.abc import Callable

from .amounts import cap_across_claims, cost_cap, minimum_duration, per_unit, term_limit, uplift
from .eligibility import occupation, pension, standard, target_group
from .history import annual_limit, repeat_level
from .working import Working

RULES: tuple[Callable[[Working], None], ...] = (
    pension,
    target_group,
    occupation,
    standard,
    minimum_duration,
    term_limit,
    per_unit,
    uplift,
    cost_cap,
    cap_across_claims,
    annual_limit,
    repeat_level,
)

__all__ = ["RULES", "Working"]
