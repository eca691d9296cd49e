"""The business clock (DESIGN.md): the one source of the programme's "today".

Validity, deadlines and "may this happen yet" checks call `today()`; audit and record timestamps are
stored in real time (`django.utils.timezone.now`). `SKILLUP_TODAY=YYYY-MM-DD` fixes the business date, so
the demo can run in mid-2021 and tests can move the clock freely (`settings.SKILLUP_TODAY = "2020-05-01"`).

Shown to people, a stored moment follows the business clock (issue 12 defect 10): `business_time` moves
it by the days between the business date and the real date, so a claim submitted a minute ago reads
"2021-06-15 10:02" beside business dates of 2021, not 2026. Every template's `date` filter does this
(core/templatetags/business_time.py, a template builtin); the audit trail shows the real time beside it.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "SKILLUP_TODAY", "")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return timezone.localdate()


def now() -> dt.datetime:
    """The business moment: the business date at the real local time of day (aware, Asia/Shanghai)."""
    real = timezone.localtime()
    day = today()
    return real.replace(year=day.year, month=day.month, day=day.day)


def business_shift() -> dt.timedelta:
    """How far the business date stands from the real date (zero when SKILLUP_TODAY is not set)."""
    if not getattr(settings, "SKILLUP_TODAY", ""):
        return dt.timedelta(0)
    return today() - timezone.localdate()


def business_time(moment: dt.datetime) -> dt.datetime:
    """A stored (real) aware moment as the business clock shows it, in Asia/Shanghai."""
    return timezone.localtime(moment) + business_shift()
