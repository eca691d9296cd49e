"""The spot-check draw itself (integrity/engine/spot.py): pure, replayable, stratified, risk-weighted."""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest

from skillup.integrity.engine import spot

ONE = Decimal("1.00")


def frame(n=60, departments=3, institutions=7, risky=(), weight=Decimal("5.00")):
    return [
        spot.Unit(f"C{i:03d}", f"D{i % departments}", f"I{i % institutions}", weight if i in risky else ONE)
        for i in range(n)
    ]


def test_the_same_frame_size_and_seed_give_the_same_classes_in_any_order_of_the_frame():
    units = frame(risky={5, 17})
    first = spot.draw(units, 6, 20210615)
    again = spot.draw(list(reversed(units)), 6, 20210615)
    assert first.codes == again.codes
    assert [s.as_dict() for s in first.strata] == [s.as_dict() for s in again.strata]
    # a recorded frame (rows of strings) replays to the same classes
    assert spot.draw(spot.frame_of([u.row() for u in units]), 6, 20210615).codes == first.codes
    assert spot.draw(units, 6, 20210616).codes != first.codes  # another seed, another sample


def test_every_department_gets_one_class_and_the_rest_in_proportion():
    units = [spot.Unit(f"A{i:03d}", "DA", f"I{i % 4}", ONE) for i in range(80)]
    units += [spot.Unit(f"B{i:03d}", "DB", "I9", ONE) for i in range(19)]
    units += [spot.Unit("C000", "DC", "I8", ONE)]
    sample = spot.draw(units, 10, 7)
    # 1 each, then 7 shared over 79 : 18 : 0 other classes → 5.7, 1.3, 0 → 6, 1, 0 (largest remainder)
    assert {d: v["quota"] for d, v in sample.departments.items()} == {"DA": 7, "DB": 2, "DC": 1}
    drawn = Counter(c[0] for c in sample.codes)
    assert drawn == {"A": 7, "B": 2, "C": 1}


@pytest.mark.parametrize("seed", range(30))
def test_every_stratum_gets_its_share_rounded_down_or_up(seed):
    units = frame(n=97, departments=4, institutions=9, risky={3, 11, 40, 41})
    size = 12
    sample = spot.draw(units, size, seed)
    assert len(sample.codes) == len(set(sample.codes)) == size
    for s in sample.strata:
        assert math.floor(s.share) <= len(s.drawn) <= math.ceil(s.share), s.as_dict()
        assert len(s.drawn) <= s.population
    for d, v in sample.departments.items():
        assert sum(len(s.drawn) for s in sample.strata if s.department == d) == v["quota"] >= 1
        shares = [s.share for s in sample.strata if s.department == d]
        assert sum(shares) == v["quota"]


def test_an_institutions_share_follows_its_risk_weighted_size_and_never_exceeds_its_classes():
    # one department: a small very risky institution (1 class of weight 5) beside 10 honest classes
    units = [spot.Unit("R000", "D", "IR", Decimal("5.00"))]
    units += [spot.Unit(f"H{i:03d}", "D", "IH", ONE) for i in range(10)]
    sample = spot.draw(units, 4, 1)
    shares = {s.institution: s.share for s in sample.strata}
    assert shares == {"IR": 1, "IH": 3}  # 4 × 5/15 = 1.33 is capped at its one class
    assert "R000" in sample.codes


def test_a_risky_class_is_drawn_far_more_often_than_an_honest_one_and_honest_ones_still_are():
    units = frame(n=60, departments=3, institutions=7, risky={5})
    counts = Counter()
    seeds = 1500
    for seed in range(seeds):
        counts.update(spot.draw(units, 6, seed).codes)
    honest = [counts[f"C{i:03d}"] for i in range(60) if i != 5]
    assert counts["C005"] > 3 * (sum(honest) / len(honest))
    assert min(honest) > 0  # the floor weight: every honest class can be drawn


def test_the_systematic_rounding_gives_a_small_stratum_its_fractional_chance():
    # 10 institutions of 1 class each, quota 3: each share 0.3 → each drawn with probability 0.3
    units = [spot.Unit(f"C{i}", "D", f"I{i}", ONE) for i in range(10)]
    counts = Counter()
    for seed in range(3000):
        counts.update(spot.draw(units, 3, seed).codes)
    for i in range(10):
        assert abs(counts[f"C{i}"] / 3000 - 0.3) < 0.04


def test_default_size_is_five_percent_and_at_least_one_per_department():
    assert spot.default_size(frame(n=200, departments=3)) == 10
    assert spot.default_size(frame(n=30, departments=4)) == 4
    assert spot.default_size(frame(n=2, departments=2)) == 2
    assert spot.default_size([]) == 0
    assert spot.size_bounds(frame(n=30, departments=4)) == (4, 30)


def test_impossible_sizes_and_frames_are_refused():
    units = frame(n=10, departments=3)
    for size in (2, 11):
        with pytest.raises(ValueError):
            spot.draw(units, size, 1)
    with pytest.raises(ValueError):
        spot.draw(units + units[:1], 3, 1)
    assert len(spot.draw(units, 10, 1).codes) == 10  # the whole frame


def test_weights_and_the_problem_score():
    assert spot.weight_of(Decimal("0"), Decimal("0")) == Decimal("1.00")
    assert spot.weight_of(Decimal("0.80"), Decimal("1.00")) == Decimal("2.30")
    assert spot.weight_of(Decimal("9"), Decimal("9")) == Decimal("5.00")  # capped at 1 + 3 + 1
    shares = spot.shortfalls(10, 4, 10, 10, 0, 0)
    assert shares == {"attendance": Fraction(6, 10), "phone": Fraction(0)}
    assert spot.problem_score(shares) == Decimal("0.79")  # 0.50 + 0.49 × 0.6
    assert spot.problem_score({}) == Decimal("0.50")
    assert spot.problem_score(spot.shortfalls(None, None, 5, 0, None, None)) == Decimal("0.99")
