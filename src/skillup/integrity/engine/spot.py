"""The monthly spot checks (第二十一条): the stratified, risk-weighted random draw of classes, and the score
of a check that found a problem.

Pure and replayable: the same frame (the month's classes with their stratum and weight), size and seed
always give the same classes, on any machine, because the only source of chance is `random.Random(seed)`
consumed in a fixed order and the shares are exact fractions. docs/integrity.md "Spot checks" explains it.

1. Every class of the frame, in code order, gets one Efraimidis–Spirakis key `ln(u) / weight`
   (u = 1 − random(), so u ∈ (0, 1]); within a stratum the largest keys are drawn. This is weighted
   sampling without replacement: a class of weight 4 beats a class of weight 1 four times as often.
2. Competent departments (the first level of strata): each department that had classes gets one class;
   the rest of the sample is shared in proportion to the departments' other classes (largest remainder,
   ties by department code).
3. Institutions within a department (the second level): the department's quota is shared in proportion
   to the institutions' total weight (risk-weighted size), an institution getting at most all its
   classes. Each gets the whole part of its share; the units left go to institutions chosen by
   systematic sampling over the fractional parts (one random start per department, institutions in code
   order), so an institution with share 2.3 gets 2 or 3 and one with 0.3 gets one class with
   probability 0.3 exactly.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from . import thresholds as T


@dataclass(frozen=True)
class Unit:
    """One class of the month's frame."""

    code: str
    department: str
    institution: str
    weight: Decimal  # > 0, two places

    def row(self) -> list[str]:
        return [self.code, self.department, self.institution, f"{self.weight:.2f}"]


@dataclass
class Stratum:
    department: str
    institution: str
    population: int
    weight: Fraction
    share: Fraction = Fraction(0)
    drawn: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "department": self.department,
            "institution": self.institution,
            "population": self.population,
            "weight": f"{float(self.weight):.2f}",
            "share": f"{float(self.share):.2f}",
            "drawn": len(self.drawn),
        }


@dataclass
class Sample:
    codes: list[str]  # in draw order: department, institution, then key (largest first)
    strata: list[Stratum]
    departments: dict[str, dict]  # code → {"population", "quota"}


def frame_of(rows: list[list[str]]) -> list[Unit]:
    """A recorded frame (`Unit.row()` lists) back as units."""
    return [Unit(r[0], r[1], r[2], Decimal(r[3])) for r in rows]


def frame_digest(units: list[Unit]) -> str:
    """SHA-256 of the frame in code order: recorded in the audit trail, so a frame edited later shows."""
    rows = [u.row() for u in sorted(units, key=lambda u: u.code)]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _department_sizes(units: list[Unit]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for u in units:
        sizes[u.department] = sizes.get(u.department, 0) + 1
    return sizes


def _firsts(sizes: dict[str, int]) -> dict[str, int]:
    """The classes every department gets before the rest is shared (never more than it has)."""
    return {d: min(T.SPOT_MIN_PER_DEPARTMENT, n) for d, n in sizes.items()}


def size_bounds(units: list[Unit]) -> tuple[int, int]:
    """The smallest sample that still reaches every department, and the whole frame."""
    return sum(_firsts(_department_sizes(units)).values()), len(units)


def default_size(units: list[Unit]) -> int:
    """5 % of the classes, rounded up, and at least one per competent department (never more than all)."""
    if not units:
        return 0
    by_rate = int((Decimal(len(units)) * Decimal(T.SPOT_RATE)).to_integral_value(ROUND_CEILING))
    low, high = size_bounds(units)
    return min(high, max(by_rate, low))


def weight_of(class_risk: Decimal, institution_risk: Decimal) -> Decimal:
    """A class's weight: the floor, its own open findings' scores (capped) and a share of its institution's
    other open findings' scores (capped)."""
    own = min(class_risk, Decimal(T.SPOT_CLASS_RISK_CAP))
    inst = min(institution_risk, Decimal(T.SPOT_INSTITUTION_RISK_CAP)) * Decimal(T.SPOT_INSTITUTION_FACTOR)
    return (Decimal(T.SPOT_FLOOR_WEIGHT) + own + inst).quantize(Decimal("0.01"))


def _largest_remainder(total: int, sizes: dict[str, int]) -> dict[str, int]:
    base = sum(sizes.values())
    if total <= 0 or base == 0:
        return {k: 0 for k in sizes}
    shares = {k: Fraction(total * n, base) for k, n in sizes.items()}
    out = {k: math.floor(s) for k, s in shares.items()}
    left = total - sum(out.values())
    for k in sorted(shares, key=lambda k: (-(shares[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


def _capped_shares(quota: int, strata: list[Stratum]) -> None:
    """Shares of `quota` in proportion to weight; a stratum never gets more than its population."""
    pool = list(strata)
    left = Fraction(quota)
    while pool:
        total = sum((s.weight for s in pool), Fraction(0))
        over = [s for s in pool if left * s.weight / total >= s.population]
        if not over:
            for s in pool:
                s.share = left * s.weight / total
            return
        for s in over:
            s.share = Fraction(s.population)
            left -= s.population
            pool.remove(s)


def _systematic(strata: list[Stratum], extra: int, start: float) -> dict[str, int]:
    """Which strata get one more class: points start, start+1, … along their fractional parts."""
    got: dict[str, int] = {}
    if extra <= 0:
        return got
    points = [Fraction(start) + i for i in range(extra)]
    edge = Fraction(0)
    i = 0
    for s in strata:
        frac = s.share - math.floor(s.share)
        edge += frac
        while i < len(points) and points[i] < edge:
            got[s.institution] = got.get(s.institution, 0) + 1
            i += 1
    return got


def draw(units: list[Unit], size: int, seed: int) -> Sample:
    """The sample of `size` classes of the frame for this seed (ValueError for an impossible size)."""
    units = sorted(units, key=lambda u: u.code)
    if len({u.code for u in units}) != len(units):
        raise ValueError("duplicate class in the frame")
    low, high = size_bounds(units)
    if not units or not low <= size <= high:
        raise ValueError(f"size must be between {low} and {high}")
    if any(u.weight <= 0 for u in units):
        raise ValueError("weights must be positive")
    rng = random.Random(seed)
    key = {u.code: math.log(1.0 - rng.random()) / float(u.weight) for u in units}

    by_stratum: dict[tuple[str, str], list[Unit]] = {}
    for u in units:
        by_stratum.setdefault((u.department, u.institution), []).append(u)
    strata = {
        k: Stratum(k[0], k[1], len(v), sum((Fraction(u.weight) for u in v), Fraction(0)))
        for k, v in sorted(by_stratum.items())
    }
    dept_sizes = _department_sizes(units)
    depts = sorted(dept_sizes)
    first = _firsts(dept_sizes)
    rest = _largest_remainder(size - sum(first.values()), {d: dept_sizes[d] - first[d] for d in depts})
    quota = {d: first[d] + rest[d] for d in depts}

    codes: list[str] = []
    for d in depts:
        inst = [s for k, s in strata.items() if k[0] == d]
        _capped_shares(quota[d], inst)
        base = {s.institution: math.floor(s.share) for s in inst}
        extra = _systematic(inst, quota[d] - sum(base.values()), rng.random())
        for s in inst:
            k = base[s.institution] + extra.get(s.institution, 0)
            ranked = sorted(by_stratum[(d, s.institution)], key=lambda u: (-key[u.code], u.code))
            s.drawn = [u.code for u in ranked[:k]]
            codes.extend(s.drawn)
    return Sample(
        codes=codes,
        strata=list(strata.values()),
        departments={d: {"population": dept_sizes[d], "quota": quota[d]} for d in depts},
    )


def shortfalls(
    interviewed: int | None,
    attended: int | None,
    called: int | None,
    reached: int | None,
    checked: int | None,
    genuine: int | None,
) -> dict[str, Fraction]:
    """The failed share of each part of the check that was done: trainees interviewed who do not confirm
    they attended, trainees called who could not be reached or did not confirm, certificates that do not
    match the register."""
    out: dict[str, Fraction] = {}
    for name, of, ok in (
        ("attendance", interviewed, attended),
        ("phone", called, reached),
        ("certificates", checked, genuine),
    ):
        if of:
            out[name] = Fraction(of - (ok or 0), of)
    return out


def problem_score(shares: dict[str, Fraction]) -> Decimal:
    """A "problem found" check's score: 0.50 (a flag: it holds the money) plus 0.49 × the worst failed
    share, so 0.99 when nobody interviewed confirms, nobody answers or no certificate is genuine."""
    worst = max(shares.values(), default=Fraction(0))
    score = Decimal(T.SPOT_SCORE_BASE) + Decimal(T.SPOT_SCORE_SPAN) * Decimal(worst.numerator) / Decimal(
        worst.denominator
    )
    return min(score, Decimal("0.99")).quantize(Decimal("0.01"))
