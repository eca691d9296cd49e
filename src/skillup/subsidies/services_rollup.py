"""The claim rollup's verified refresh: `skillup rollup --verify | --rebuild` and the nightly task.

The triggers keep the rollup exact (models_rollup.py); these prove it, and repair it should anything ever
bypass them (a restore of a partial dump, a trigger dropped by hand). Each run leaves one audit row.
"""

from django.db import connection, transaction

from skillup.accounts import audit
from skillup.subsidies import selectors_rollup
from skillup.subsidies.models_rollup import ClaimGroupFigure, ClaimMonthFigure

SHOWN = 50  # differences kept in the audit row (the count is always complete)


def rollup_verify(*, actor=None) -> list[str]:
    """Compares the rollup with a fresh aggregate of the claims; the differences, in words (none: exact)."""
    found = selectors_rollup.differences()
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="subsidies.rollup_verify",
            object_type="subsidies.claimmonthfigure",
            changes={"differences": len(found), "shown": found[:SHOWN]},
            summary=f"核对申领汇总：{len(found)} 处差异" if found else "核对申领汇总：与申领明细一致",
        )
    return found


def rollup_rebuild(*, actor=None) -> list[str]:
    """Recomputes both rollup tables from the claims and replaces them; the differences it corrected."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers of claims wait at their trigger until the new figures are committed; readers do not.
            with connection.cursor() as c:
                c.execute(
                    "LOCK TABLE subsidies_claimmonthfigure, subsidies_claimgroupfigure IN EXCLUSIVE MODE"
                )
        months, groups = selectors_rollup.fresh_month_rows(), selectors_rollup.fresh_group_rows()
        found = selectors_rollup.compare(months, groups)
        ClaimMonthFigure.objects.all().delete()
        ClaimGroupFigure.objects.all().delete()
        ClaimMonthFigure.objects.bulk_create(
            ClaimMonthFigure(
                department_id=d, month=m, scheme=s, status=st, level=lv, claims=n, people=p, amount=a
            )
            for (d, m, s, st, lv), (n, p, a) in months.items()
        )
        ClaimGroupFigure.objects.bulk_create(
            ClaimGroupFigure(year=y, status=st, groups=g, people=n) for (y, st, g), n in groups.items()
        )
        audit.record(
            actor=actor,
            action="subsidies.rollup_rebuild",
            object_type="subsidies.claimmonthfigure",
            changes={"differences": len(found), "shown": found[:SHOWN], "rows": len(months) + len(groups)},
            summary=f"重建申领汇总：更正 {len(found)} 处差异" if found else "重建申领汇总：原已一致",
        )
    return found
