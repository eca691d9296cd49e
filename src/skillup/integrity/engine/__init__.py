"""The pure integrity signal engine (shared/INTEGRITY.md): activity records in, findings out. No Django."""

from __future__ import annotations

from .records import Activity, read
from .signals import ALL, LABELS
from .thresholds import VERSION, snapshot


def scan(activity: Activity) -> list[dict]:
    """Every finding of every signal, ordered by subject then signal."""
    out = [f for signal in ALL for f in signal(activity)]
    out.sort(key=lambda f: (f["subject"]["type"], f["subject"]["id"], f["signal"]))
    return out


__all__ = ["LABELS", "VERSION", "Activity", "read", "scan", "snapshot"]
