"""Group-buy pages, API and notifications: the share link is public, joining and confirming by page and
API with the API's status codes, SMS only to those who did not turn it off, the demand board and export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.market import demand
from skillup.market import services_groups as services
from skillup.market.models import Group
from skillup.market.models_groups import Notification, NotificationSetting
from tests.market.groups_factories import offer_for, trainees

G = Group.Status


@pytest.fixture
def offer(cast):
    return offer_for(cast.institution_org, minimum=2, seats=3)


class Outbox:
    sent: list = []

    def send(self, phone, message):
        Outbox.sent.append((phone, message))


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = "tests.market.test_groups_pages.Outbox"
    Outbox.sent = []
    return Outbox.sent


def test_the_share_link_shows_the_group_to_anyone_with_a_qr_code(cast, offer, client):
    group = services.group_start(actor=cast.trainee, offer=offer)
    page = client.get(reverse("market_groups:group", args=[group.code]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and group.code in body and "登录后参团" in body
    assert cast.trainee_person.name not in body  # who joined is for the institution only
    assert client.get(reverse("market_groups:group", args=["NOPE2345"])).status_code == 404


def test_a_trainee_starts_joins_and_the_institution_confirms_by_page(cast, offer, login):
    page = login(cast.trainee).post(reverse("market_groups:group_start"), {"offer": offer.pk})
    group = Group.objects.get()
    assert page.status_code == 302 and page.url == reverse("market_groups:group", args=[group.code])
    client = login(cast.other_trainee)
    client.post(reverse("market_groups:group_join", args=[group.code]))
    again = client.post(reverse("market_groups:group_join", args=[group.code]), follow=True)
    assert "已在该拼团中" in again.content.decode()
    group.refresh_from_db()
    assert group.status == G.REACHED and group.joined == 2
    institution = login(cast.institution)
    body = institution.get(reverse("market_groups:group", args=[group.code])).content.decode()
    assert "确认开班" in body and cast.other_person.name in body
    institution.post(reverse("market_groups:group_confirm", args=[group.code]))
    group.refresh_from_db()
    assert group.status == G.CONFIRMED and group.klass is not None


def test_the_square_runs_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for i in range(6):
        services.group_start(actor=cast.trainee, offer=offer_for(cast.institution_org, minimum=5, seats=9))
        services.group_start(actor=cast.trainee, occupation=f"工种{i}", town="baiguan")
    client = login(cast.trainee)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("market_groups:groups"))
    assert page.status_code == 200 and "工种5" in page.content.decode()


# --- API -----------------------------------------------------------------------------------------------


def test_the_api_starts_a_group_and_a_wish(cast, offer, api_client):
    api = api_client(cast.trainee)
    made = api.post("/api/v1/market/groups", {"offer": offer.pk})
    assert made.status_code == 201
    body = made.json()
    assert set(body) >= {"id", "code", "joined", "minimum", "deadline"}
    assert body["joined"] == 1 and body["minimum"] == 2
    wish = api.post("/api/v1/market/groups", {"occupation": "育婴员", "level": "", "town": "cao_e"})
    assert wish.status_code == 201 and wish.json()["offer"] is None
    bad = api.post("/api/v1/market/groups", {"occupation": "", "town": "x"})
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"occupation", "town"}
    assert api.post("/api/v1/market/groups", {"offer": 999999}).status_code == 404
    assert api_client(cast.institution).post("/api/v1/market/groups", {"offer": offer.pk}).status_code == 403


def test_the_api_join_answers_409_when_full_or_closed(cast, offer, api_client, settings):
    group = services.group_start(actor=cast.trainee, offer=offer, deadline="2021-06-20")
    url = f"/api/v1/market/groups/{group.code}/join"
    first = api_client(cast.other_trainee).post(url)
    assert first.status_code == 200 and first.json() == {"joined": 2, "status": "reached"}
    assert api_client(cast.other_trainee).post(url).status_code == 409  # a duplicate
    assert api_client(cast.outsider).post(url).json()["joined"] == 3
    (late,) = trainees(1)
    full = api_client(late).post(url)
    assert full.status_code == 409 and "名额已满" in full.json()["errors"][0]["message"]
    other = services.group_start(actor=cast.trainee, offer=offer, deadline="2021-06-20")
    settings.SKILLUP_TODAY = "2021-06-21"
    closed = api_client(late).post(f"/api/v1/market/groups/{other.code}/join")
    assert closed.status_code == 409 and "截止" in closed.json()["errors"][0]["message"]
    assert api_client(cast.enterprise).post(f"/api/v1/market/groups/{other.code}/join").status_code == 403
    assert api_client(late).post("/api/v1/market/groups/NOPE2345/join").status_code == 404


def test_the_api_confirm_is_the_institutions_own(cast, offer, api_client):
    group = services.group_start(actor=cast.trainee, offer=offer)
    url = f"/api/v1/market/groups/{group.code}/confirm"
    assert api_client(cast.institution).post(url).status_code == 409  # not reached yet
    services.group_join(actor=cast.other_trainee, group=group)
    assert api_client(cast.other_institution).post(url).status_code == 404
    done = api_client(cast.institution).post(url)
    assert done.status_code == 201
    group.refresh_from_db()
    assert done.json()["class_code"] == group.klass.code
    assert api_client(cast.institution).post(url).status_code == 409


def test_the_schema_documents_the_group_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/market/groups",
        "/api/v1/market/groups/{code}/join",
        "/api/v1/market/groups/{code}/confirm",
    } <= set(paths)


# --- notifications -------------------------------------------------------------------------------------


def test_reaching_the_minimum_texts_members_but_not_one_who_turned_sms_off(
    cast, offer, outbox, django_capture_on_commit_callbacks
):
    services.notification_setting_set(actor=cast.other_trainee, sms=False)
    group = services.group_start(actor=cast.trainee, offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_join(actor=cast.other_trainee, group=group)
    phones = [phone for phone, _ in outbox]
    assert phones == [cast.trainee_person.phone]
    assert "已成团" in outbox[0][1]
    # In-app messages reach everyone regardless of the SMS choice.
    assert Notification.objects.filter(user=cast.other_trainee, group=group).count() == 1
    assert Notification.objects.filter(user=cast.institution, group=group).count() == 1


def test_a_failing_gateway_never_undoes_the_action(cast, offer, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "skillup.accounts.sms.LogBackend"  # refuses to send with DEBUG off
    group = services.group_start(actor=cast.trainee, offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_join(actor=cast.other_trainee, group=group)
    group.refresh_from_db()
    assert group.status == G.REACHED


def test_the_trainee_turns_sms_off_on_the_messages_page(cast, offer, login):
    client = login(cast.trainee)
    services.group_start(actor=cast.trainee, offer=offer)
    group = Group.objects.get()
    services.group_join(actor=cast.other_trainee, group=group)
    page = client.get(reverse("market_groups:notifications")).content.decode()
    assert "已成团" in page and "checked" in page
    assert not Notification.objects.filter(user=cast.trainee, read_at__isnull=True).exists()
    client.post(reverse("market_groups:notifications"), {})
    assert NotificationSetting.objects.get(user=cast.trainee).sms is False
    assert 'id="sms" checked' not in client.get(reverse("market_groups:notifications")).content.decode()


# --- demand board --------------------------------------------------------------------------------------


def test_the_demand_board_counts_wishes_and_unfilled_groups_by_occupation_and_town(cast, offer, login):
    services.group_start(actor=cast.trainee, occupation="育婴员", town="cao_e")
    services.group_start(actor=cast.other_trainee, occupation="育婴员", town="cao_e")
    services.group_start(actor=cast.trainee, offer=offer)  # 焊工 in 百官, 1 of 2
    reached = services.group_start(actor=cast.outsider, offer=offer_for(cast.institution_org, minimum=1))
    assert reached.status == G.REACHED  # reached groups are not missing training
    rows = {(r["occupation"], r["town"]): r for r in demand.demand_rows()}
    assert (rows[("育婴员", "cao_e")]["wishes"], rows[("育婴员", "cao_e")]["people"]) == (2, 2)
    assert (rows[("焊工", "baiguan")]["groups"], rows[("焊工", "baiguan")]["short"]) == (1, 1)
    chart = demand.heatmap(list(rows.values()))
    assert chart["x"] == ["百官街道", "曹娥街道"] and chart["max"] == 2

    page = login(cast.hr).get(reverse("market_groups:demand"))
    assert page.status_code == 200 and "育婴员" in page.content.decode()
    export = login(cast.institution).get(reverse("market_groups:demand"), {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(export.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert "育婴员" in values and "曹娥街道" in values
    assert login(cast.trainee).get(reverse("market_groups:demand")).status_code == 403
    assert login(cast.enterprise).get(reverse("market_groups:demand")).status_code == 403


def test_the_home_page_tells_the_institution_and_the_trainee(cast, offer, login):
    group = services.group_start(actor=cast.trainee, offer=offer)
    services.group_join(actor=cast.other_trainee, group=group)
    school = login(cast.institution).get("/").content.decode()
    assert "拼团已成团待确认开班" in school and "拼团广场" in school
    assert "未读消息" in login(cast.trainee).get("/").content.decode()
    assert "拼团已成团待确认开班" not in login(cast.other_institution).get("/").content.decode()
