"""The business clock (DESIGN.md): the one source of the programme's "today".

Validity, deadlines and "may this happen yet" checks call `today()`; audit and record timestamps use
the real time (`django.utils.timezone.now`). `SKILLUP_TODAY=YYYY-MM-DD` fixes the business date, so the
demo can run in mid-2021 and tests can move the clock freely (`settings.SKILLUP_TODAY = "2020-05-01"`).
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
