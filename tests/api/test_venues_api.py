"""API: a class names a registered venue (venue_id) beside its free-text venue; a session takes a venue
and says whether it is practical (附件2 注1, the public-training-base uplift)."""

from skillup.registry import services_facts
from skillup.training.models import Session, TrainingClass
from tests.training.helpers import file_for


def _body(**extra):
    return {
        "scheme": "vocational_certificate",
        "occupation": "焊工",
        "level": "高级",
        "hours": 100,
        "start_date": "2021-06-15",
        "end_date": "2021-08-20",
        "capacity": 10,
        **extra,
    }


def test_a_class_and_its_practical_sessions_at_a_registered_public_base(cast, api_client):
    file_for(cast.institution_org)
    base = services_facts.venue_register(
        actor=cast.hr,
        name="上虞区公共实训基地",
        address="人民西路1号",
        base_from="2020-01-01",
        base_document="认定",
    )
    room = services_facts.venue_register(actor=cast.hr, name="众鑫学校教室", address="百官街道")
    inst = api_client(cast.institution)

    r = inst.post("/api/v1/classes", _body(venue="众鑫学校 3 楼"))
    assert r.status_code == 201, r.content  # free text still works
    assert TrainingClass.objects.get(code=r.json()["code"]).venue_place is None

    r = inst.post("/api/v1/classes", _body(venue_id=base.pk))
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    klass = TrainingClass.objects.get(code=code)
    assert klass.venue_place == base and klass.venue == "上虞区公共实训基地（人民西路1号）"
    assert inst.get(f"/api/v1/classes/{code}").json()["venue_id"] == base.pk

    r = inst.post("/api/v1/classes", _body(venue_id=99999))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "venue_id"
    r = inst.post("/api/v1/classes", _body())
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "venue"

    assert api_client(cast.hr).post(f"/api/v1/classes/{code}/approve").status_code == 200  # 焊工: 人社局
    s = {"date": "2021-06-16", "starts_at": "08:30", "ends_at": "17:00", "hours": 8}
    r = inst.post(f"/api/v1/classes/{code}/sessions", {**s, "practical": True})
    assert r.status_code == 201 and r.json()["venue_id"] == base.pk and r.json()["practical"] is True
    r = inst.post(f"/api/v1/classes/{code}/sessions", {**s, "date": "2021-06-17", "venue_id": room.pk})
    assert r.status_code == 201 and r.json()["venue_id"] == room.pk and r.json()["practical"] is False
    r = inst.post(f"/api/v1/classes/{code}/sessions", {**s, "date": "2021-06-18", "venue_id": 424242})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "venue_id"
    assert Session.objects.filter(klass=klass).count() == 2
