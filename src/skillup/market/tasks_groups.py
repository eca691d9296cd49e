"""Background work of group-buys: the daily dissolution of groups that did not reach their minimum."""

from celery import shared_task

from skillup.market.services_groups import groups_dissolve


@shared_task(name="market.groups_dissolve")
def groups_dissolve_task() -> int:
    """Daily (beat, shortly after midnight): every group below its minimum after its deadline is
    dissolved and its people told (in-app and SMS)."""
    return groups_dissolve()
