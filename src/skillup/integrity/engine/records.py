"""The activity export's records (shared/INTEGRITY.md) as small dataclasses, read from JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Person:
    id: str
    birth_date: date | None
    phone: str
    pension: bool


@dataclass(frozen=True)
class Klass:
    id: str
    institution: str
    occupation: str
    start_date: date
    end_date: date
    venue: str


@dataclass(frozen=True)
class Attendance:
    klass: str
    person: str
    at: datetime
    hours: float
    method: str
    device: str
    ip: str
    recorded_at: datetime
    exact: bool = True  # False when `at` is the session's start, not a terminal's own moment


@dataclass(frozen=True)
class Claim:
    id: str
    person: str
    klass: str
    payee_kind: str
    payee_account: str


@dataclass
class Activity:
    institutions: dict[str, str] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    classes: dict[str, Klass] = field(default_factory=dict)
    enrolments: dict[str, list[str]] = field(default_factory=dict)
    attendance: list[Attendance] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


class BadLine(ValueError):
    pass


def _date(v):
    return date.fromisoformat(v) if v else None


def add(activity: Activity, r: dict) -> None:
    """Add one parsed record; raise BadLine (or KeyError/ValueError) when it is malformed."""
    if not isinstance(r, dict):
        raise BadLine("不是一个对象")
    t = r.get("type")
    if t == "institution":
        activity.institutions[str(r["id"])] = str(r.get("name", ""))
    elif t == "person":
        activity.persons[str(r["id"])] = Person(
            str(r["id"]), _date(r.get("birth_date")), str(r.get("phone") or ""), bool(r.get("pension"))
        )
    elif t == "class":
        activity.classes[str(r["id"])] = Klass(
            str(r["id"]),
            str(r.get("institution", "")),
            str(r.get("occupation", "")),
            date.fromisoformat(r["start_date"]),
            date.fromisoformat(r["end_date"]),
            str(r.get("venue", "")),
        )
    elif t == "enrolment":
        activity.enrolments.setdefault(str(r["class"]), []).append(str(r["person"]))
    elif t == "attendance":
        activity.attendance.append(
            Attendance(
                str(r["class"]),
                str(r["person"]),
                datetime.fromisoformat(r["at"]),
                float(r.get("hours") or 0),
                str(r.get("method", "")),
                str(r.get("device") or ""),
                str(r.get("ip") or ""),
                datetime.fromisoformat(r.get("recorded_at") or r["at"]),
                r.get("at_source", "terminal") != "session",
            )
        )
    elif t == "claim":
        activity.claims.append(
            Claim(
                str(r["id"]),
                str(r["person"]),
                str(r.get("class", "")),
                str(r.get("payee_kind", "")),
                str(r.get("payee_account") or ""),
            )
        )
    elif t in ("result",):
        pass
    else:
        raise BadLine(f"未知的记录类型 {t!r}")


def read(lines: Iterable[str], on_error=None) -> Activity:
    """Read JSON lines; a bad line is reported as on_error(line_number, message) and skipped."""
    activity = Activity()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            add(activity, json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            if on_error is not None:
                on_error(n, f"{type(exc).__name__}: {exc}")
    return activity
