"""Issue 12 defect 10: under SKILLUP_TODAY, moments shown in pages follow the business clock; the audit
trail keeps real time (and can show it with `realtime`)."""

import datetime as dt

from django.template import Context, Template
from django.utils import timezone

from skillup.core.clock import business_time


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_stored_moment_is_shown_on_the_business_date_at_its_time_of_day(settings):
    settings.SKILLUP_TODAY = "2021-06-15"
    moment = timezone.now()
    shown = _render('{{ t|date:"Y-m-d H:i" }}', t=moment)
    assert shown == "2021-06-15 " + timezone.localtime(moment).strftime("%H:%M")
    # Yesterday's record reads as the business day before; the order of events is kept.
    assert _render('{{ t|date:"Y-m-d" }}', t=moment - dt.timedelta(days=1)) == "2021-06-14"
    assert _render('{{ t|realtime:"Y-m-d" }}', t=moment) == timezone.localdate().isoformat()


def test_without_a_fixed_business_date_nothing_moves_and_plain_dates_never_move(settings):
    settings.SKILLUP_TODAY = ""
    moment = timezone.now()
    assert business_time(moment) == timezone.localtime(moment)
    settings.SKILLUP_TODAY = "2021-06-15"
    assert _render('{{ d|date:"Y-m-d" }}', d=dt.date(2020, 3, 1)) == "2020-03-01"


def test_pages_show_business_time(cast, client, settings):
    from skillup.exports.models import ExportJob

    settings.SKILLUP_TODAY = "2020-03-01"
    ExportJob.objects.create(name="x", title="补贴申领", requested_by=cast.hr, status="done")
    client.force_login(cast.hr)
    page = client.get("/exports/").content.decode()
    assert "2020-03-01" in page and str(timezone.localdate().year) + "-" not in page
