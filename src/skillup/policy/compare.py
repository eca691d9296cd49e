"""What-if comparison: per scheme, how many claims and what they total under default and overlay."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Comparison:
    default: dict[str, Decimal] = field(default_factory=dict)
    overlay: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, scheme: str, default: Decimal, overlay: Decimal) -> None:
        self.default[scheme] = self.default.get(scheme, Decimal(0)) + default
        self.overlay[scheme] = self.overlay.get(scheme, Decimal(0)) + overlay
        self.counts[scheme] = self.counts.get(scheme, 0) + 1

    def table(self) -> str:
        """A plain-text table: scheme, count, total default, total overlay, difference; then the total."""
        rows = [(s, self.counts[s], self.default[s], self.overlay[s]) for s in sorted(self.counts)]
        rows.append(
            (
                "total",
                sum(self.counts.values()),
                sum(self.default.values(), Decimal(0)),
                sum(self.overlay.values(), Decimal(0)),
            )
        )
        lines = [f"{'scheme':<30} {'count':>8} {'default':>14} {'overlay':>14} {'difference':>14}\n"]
        for scheme, n, default, overlay in rows:
            lines.append(
                f"{scheme:<30} {n:>8} {default:>14.2f} {overlay:>14.2f} {overlay - default:>14.2f}\n"
            )
        return "".join(lines)
