"""Utilisation of the public training bases per month (第16条): confirmed bookings' seat-hours ÷ the seat-hours
the base's open places offer (workstations × hours per weekday × weekdays of the month, data/bases.yaml)."""

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml

from skillup.core.clock import today
from skillup.training import selectors_bases

DATA = Path(__file__).parent / "data" / "bases.yaml"


@cache
def settings() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def weekdays(year: int, month: int) -> int:
    days = calendar.monthrange(year, month)[1]
    return sum(1 for d in range(1, days + 1) if dt.date(year, month, d).weekday() < 5)


def months(first: dt.date, last: dt.date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def utilisation(bases, *, first: dt.date, last: dt.date | None = None) -> dict:
    """{"months": [...], "rows": [{"base", "capacity", "cells": [{"month", "seat_hours", "available",
    "rate"}]}]} for the given bases (each annotated with `capacity`, its open workstations)."""
    last = last or today()
    span = months(first, last)
    hours = Decimal(settings()["utilisation"]["hours_per_day"])
    usage = selectors_bases.usage_by_month([b.pk for b in bases])
    rows = []
    for b in bases:
        capacity = getattr(b, "capacity", None) or 0
        cells = []
        for month in span:
            y, m = (int(x) for x in month.split("-"))
            available = Decimal(capacity) * hours * weekdays(y, m)
            used = Decimal(usage.get((b.pk, month), {}).get("seat_hours") or 0).quantize(Decimal("0.1"))
            rate = (used / available).quantize(Decimal("0.001"), ROUND_HALF_UP) if available else None
            percent = f"{rate * 100:.1f}%" if rate is not None else "—"
            cells.append(
                {"month": month, "seat_hours": used, "available": available, "rate": rate, "percent": percent}
            )
        rows.append({"base": b, "capacity": capacity, "cells": cells})
    return {"months": span, "rows": rows}


def chart_data(table: dict) -> dict:
    return {
        "months": table["months"],
        "series": [
            {
                "name": r["base"].name,
                "data": [float(c["rate"] * 100) if c["rate"] is not None else None for c in r["cells"]],
            }
            for r in table["rows"]
        ],
    }
