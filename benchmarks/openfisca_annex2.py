"""A minimal OpenFisca TaxBenefitSystem computing annex 2's vocational-certificate table, vectorised.

Entity `claim` (one per claim). Inputs: category (0-3 = A-D), level (0-4 = 初级…高级技师), hours, day
(date ordinal), uplift (0 none, 1 trade friction, 2 public training base), pension. The standards,
hour minimums, validity window and uplift rates are read from SkillUp's catalogue so both engines price
the same table. Amounts are integer fen (OpenFisca floats are float32; fen keep totals exact).
"""

from __future__ import annotations

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from skillup.policy.catalogue import default_catalogue

CATEGORIES = ("A", "B", "C", "D")
LEVELS = ("初级", "中级", "高级", "技师", "高级技师")
UPLIFTS = (None, "trade_friction", "public_training_base")
# One claim is one row; the year only satisfies OpenFisca's periods (the claim date is the `day` input).
PERIOD = "2020"

Claim = build_entity(key="claim", plural="claims", label="A subsidy claim", is_person=True)


def _tables():
    """Standard (fen, -1 = level not offered), hour minimum, window ordinals and uplift percent."""
    cat = default_catalogue()
    scheme = cat.scheme("vocational_certificate")
    standard = np.full((4, 5), -1, dtype=np.int64)
    hours = np.zeros((4, 5), dtype=np.int64)
    start = end = None
    for i, category in enumerate(CATEGORIES):
        for j, level in enumerate(LEVELS):
            entries = scheme.entries_at((category, level))
            if not entries:
                continue
            (entry,) = entries  # the default catalogue has one dated entry per row
            standard[i, j] = int(entry.amount * 100)
            hours[i, j] = entry.hours or 0
            start, end = entry.valid_from.toordinal(), entry.valid_to.toordinal()
    pct = np.zeros(3, dtype=np.int64)
    for k, code in enumerate(UPLIFTS[1:], start=1):
        (rate,) = cat.uplifts[code].rates
        pct[k] = int(rate.rate * 100)
    return standard, hours, start, end, pct


STANDARD, HOURS, START, END, PCT = _tables()


def _input(name: str, value_type: type, label: str) -> type[Variable]:
    # OpenFisca reads a variable's attributes from its own class body, so each input is built whole.
    attrs = {"value_type": value_type, "entity": Claim, "definition_period": DateUnit.YEAR, "label": label}
    return type(name, (Variable,), attrs)


INPUTS = (
    _input("category", int, "annex 2 category 0-3 (A-D)"),
    _input("level", int, "level 0-4 (初级…高级技师)"),
    _input("hours", int, "class hours"),
    _input("day", int, "date ordinal of the certificate"),
    _input("uplift", int, "0 none, 1 trade friction, 2 public training base"),
    _input("pension", bool, "draws a monthly pension"),
)


class subsidy_fen(Variable):
    value_type = int
    entity = Claim
    definition_period = DateUnit.YEAR
    label = "annex 2 vocational-certificate subsidy, fen"

    def formula(claim, period):
        cat = claim("category", period)
        lvl = claim("level", period)
        base = STANDARD[cat, lvl]
        valid = (claim("day", period) >= START) & (claim("day", period) <= END)
        offered = base >= 0
        long_enough = claim("hours", period) >= HOURS[cat, lvl]
        eligible = valid & offered & long_enough & ~claim("pension", period)
        raised = (base * (100 + PCT[claim("uplift", period)]) + 50) // 100
        return np.where(eligible, raised, 0)


class Annex2System(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Claim])
        for var in (*INPUTS, subsidy_fen):
            self.add_variable(var)


def compute(system: Annex2System, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """Subsidy in fen for each claim described by the input arrays."""
    n = len(arrays["category"])
    simulation = SimulationBuilder().build_default_simulation(system, n)
    for name, values in arrays.items():
        simulation.set_input(name, PERIOD, values)
    return simulation.calculate("subsidy_fen", PERIOD)
