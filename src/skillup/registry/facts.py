"""The one place that answers dated registry questions: who employed a person on a day, which
recognitions an enterprise held on a day, whether a chief technician was filed for a day.

`FactBook.load(person_ids=…, enterprise_ids=…)` reads everything for many claims in four queries, so the
claim checks stay a fixed number of queries for a bulk approval; `employer_on(person, day)` is the same
answer for one person.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from skillup.registry.models import Organisation
from skillup.registry.models_facts import ChiefTechnician, Employment, Recognition

K = Recognition.Kind


def _covering(rows, day: dt.date):
    """The row covering `day`; of several, the one that started latest (the current one)."""
    found = [r for r in rows if r.covers(day)]
    return max(found, key=lambda r: (getattr(r, "start", None) or r.valid_from, r.pk)) if found else None


@dataclass
class FactBook:
    employments: dict[int, list[Employment]] = field(default_factory=dict)
    recognitions: dict[int, list[Recognition]] = field(default_factory=dict)
    chiefs: dict[int, list[ChiefTechnician]] = field(default_factory=dict)
    enterprises: dict[int, Organisation] = field(default_factory=dict)

    @classmethod
    def load(cls, *, person_ids: Iterable[int] = (), enterprise_ids: Iterable[int] = ()) -> "FactBook":
        person_ids = {p for p in person_ids if p}
        book = cls(defaultdict(list), defaultdict(list), defaultdict(list), {})
        eids = {e for e in enterprise_ids if e}
        if person_ids:
            for emp in Employment.objects.filter(person_id__in=person_ids):
                book.employments[emp.person_id].append(emp)
                eids.add(emp.enterprise_id)
        if eids:
            for rec in Recognition.objects.filter(enterprise_id__in=eids):
                book.recognitions[rec.enterprise_id].append(rec)
            for chief in ChiefTechnician.objects.filter(enterprise_id__in=eids):
                book.chiefs[chief.enterprise_id].append(chief)
            book.enterprises = {
                o.pk: o for o in Organisation.objects.filter(pk__in=eids).select_related("enterprise")
            }
        return book

    def employment_on(self, person_id: int, day: dt.date) -> Employment | None:
        return _covering(self.employments.get(person_id, []), day)

    def employer_on(self, person_id: int, day: dt.date) -> Organisation | None:
        emp = self.employment_on(person_id, day)
        return self.enterprises.get(emp.enterprise_id) if emp else None

    def employed_at(self, person_id: int, enterprise_id: int, day: dt.date) -> Employment | None:
        rows = [e for e in self.employments.get(person_id, []) if e.enterprise_id == enterprise_id]
        return _covering(rows, day)

    def recognition(self, enterprise_id: int | None, kind: str, day: dt.date) -> Recognition | None:
        if not enterprise_id:
            return None
        return _covering([r for r in self.recognitions.get(enterprise_id, []) if r.kind == kind], day)

    def difficulty(self, enterprise_id: int | None, year: int) -> Recognition | None:
        """第11条: the enterprise's recognition as in difficulty for that calendar year."""
        rows = [r for r in self.recognitions.get(enterprise_id or 0, []) if r.kind == K.DIFFICULTY]
        return next((r for r in rows if r.year == year), None)

    def chief_filing(self, enterprise_id: int | None, person_id: int | None, day: dt.date):
        rows = [c for c in self.chiefs.get(enterprise_id or 0, []) if c.person_id == person_id]
        return _covering(rows, day)

    def name(self, enterprise_id: int | None) -> str:
        org = self.enterprises.get(enterprise_id or 0)
        return org.name if org else ""


def employer_on(person, day: dt.date) -> Organisation | None:
    """Who employed `person` on `day`, from the employment register (None: nobody)."""
    return FactBook.load(person_ids=[person.pk]).employer_on(person.pk, day)


def employers_on(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], Organisation | None]:
    """The bulk form: (person id, day) → employer on that day."""
    pairs = list(pairs)
    book = FactBook.load(person_ids=[p for p, _ in pairs])
    return {(p, d): book.employer_on(p, d) for p, d in pairs}


def describe(rec: Recognition) -> str:
    """“2020-03-01起” / “2020-03-01至2021-12-31”, for basis lines."""
    if rec.valid_until:
        return f"{rec.valid_from:%Y-%m-%d}至{rec.valid_until:%Y-%m-%d}"
    return f"{rec.valid_from:%Y-%m-%d}起"
