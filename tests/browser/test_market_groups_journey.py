"""A group-buy in a real browser at 390 px (issue 13 item 3): a trainee starts a group on a phone and shares
the link, another trainee opens the link and joins, the group is reached, and the institution confirms it
into a class submitted for approval."""

import pytest

from skillup.market.models import Group
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.market.groups_factories import offer_for

pytestmark = pytest.mark.browser


def test_start_share_join_and_confirm_on_a_phone(cast, page_as, shot):
    offer = offer_for(cast.institution_org, minimum=2, seats=4)

    starter = page_as(cast.trainee, viewport=PHONE)
    starter.goto(f"{starter.base}/market/groups/start?offer={offer.pk}")
    looks_right(starter)
    no_sideways_scroll(starter)
    starter.click("button:has-text('发起拼团')")
    main = looks_right(starter)
    assert "已发起拼团" in main and "还差 1 人成团" in main
    no_sideways_scroll(starter)
    assert starter.locator("svg").count() >= 1  # the QR code
    shot(starter, "market-group-01-started-390")
    link = starter.input_value("#share-link")
    group = Group.objects.get()
    assert link.endswith(f"/market/groups/{group.code}/")

    friend = page_as(cast.other_trainee, viewport=PHONE)
    friend.goto(link)
    looks_right(friend)
    no_sideways_scroll(friend)
    friend.click("button:has-text('立即参团')")
    main = looks_right(friend)
    assert "参团成功" in main and "已成团" in main
    assert friend.inner_text("#group-joined") == "2"

    school = page_as(cast.institution, viewport=PHONE)
    school.goto(link)
    main = looks_right(school)
    assert cast.other_person.name in main  # the roster, for the institution only
    no_sideways_scroll(school)
    shot(school, "market-group-02-confirm-390")
    school.click("button:has-text('确认开班并提交审批')")
    main = looks_right(school)
    group.refresh_from_db()
    assert group.status == "confirmed" and f"班级 {group.klass.code} 已提交主管部门审批" in main
