"""The one place every list's spreadsheet is declared (issue 12: one export helper for all exports).

An app declares each export once, in `<app>/exports.py`:

    @exporter("subsidies.claims", filename="补贴申领.xlsx", title="补贴申领", headers=[...], money_columns=[5])
    def claims_rows(user, params):
        qs = selectors.claims_filtered(user, params)      # the same selector as the page
        return qs.count(), (row(c) for c in qs.iterator())

The function gets the acting user and the page's filters as a plain dict, and returns the number of rows
and an iterable of rows. `skillup.exports.views.export_response` answers a small export at once and runs
a large one as a background job with progress; both write the file through `core.xlsx.build_workbook`.
No Django model is imported here, so any app may import this module.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

Rows = tuple[int, Iterable[Sequence]]


@dataclass(frozen=True)
class Exporter:
    name: str
    fn: Callable[..., Rows]
    filename: str
    title: str
    headers: Sequence[str]
    money_columns: Sequence[int] = field(default_factory=tuple)
    total_columns: Sequence[int] = field(default_factory=tuple)
    subtitle: Callable[[dict], str] | None = None


EXPORTERS: dict[str, Exporter] = {}


def exporter(
    name: str,
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    money_columns: Sequence[int] = (),
    total_columns: Sequence[int] = (),
    subtitle: Callable[[dict], str] | None = None,
):
    def register(fn: Callable[..., Rows]) -> Callable[..., Rows]:
        if name in EXPORTERS and EXPORTERS[name].fn is not fn:
            raise RuntimeError(f"export {name!r} is declared twice")
        EXPORTERS[name] = Exporter(
            name, fn, filename, title, tuple(headers), tuple(money_columns), tuple(total_columns), subtitle
        )
        return fn

    return register


def get(name: str) -> Exporter:
    return EXPORTERS[name]
