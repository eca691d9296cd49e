"""What-if comparison: per scheme, how many claims and what they total under default and overlay."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Comparison:
    rows: dict[str, list[Decimal]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, scheme: str, default: Decimal, overlay: Decimal) -> None:
        row = self.rows.setdefault(scheme, [Decimal(0), Decimal(0)])
        row[0] += default
        row[1] += overlay
        self.counts[scheme] = self.counts.get(scheme, 0) + 1

    def table(self) -> str:
        head = f"{'scheme':<30} {'count':>8} {'default':>14} {'overlay':>14} {'difference':>14}\n"
        lines = [head]
        total = [0, Decimal(0), Decimal(0)]
        for scheme in sorted(self.rows):
            default, overlay = self.rows[scheme]
            n = self.counts[scheme]
            lines.append(f"{scheme:<30} {n:>8} {default:>14.2f} {overlay:>14.2f} {overlay - default:>14.2f}\n")
            total = [total[0] + n, total[1] + default, total[2] + overlay]
        n, default, overlay = total
        lines.append(f"{'total':<30} {n:>8} {default:>14.2f} {overlay:>14.2f} {overlay - default:>14.2f}\n")
        return "".join(lines)
