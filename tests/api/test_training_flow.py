"""An outside client, through the API alone: submit a class, have it approved, send a roster as xlsx and
as JSON, post attendance and results; bad rosters are 400 with row numbers and nothing stored; another
institution's class is 404; a wrong status is 409."""

from django.core.files.uploadedfile import SimpleUploadedFile

from skillup.registry.models import Person
from skillup.training.models import Attendance, Enrolment, Result
from tests.factories import id_number_for
from tests.training.helpers import file_for, xlsx


def _class_body(**extra):
    return {
        "scheme": "vocational_certificate",
        "occupation": "电子产品装调",
        "level": "",
        "hours": 8,
        "start_date": "2021-06-15",
        "end_date": "2021-06-20",
        "venue": "上虞区电子实训室",
        "capacity": 10,
        **extra,
    }


def test_an_outside_client_runs_a_class_through_the_api(cast, api_client, settings):
    file_for(cast.institution_org, ("special_ability", "电子产品装调", "初级,高级"))
    inst, dept = api_client(cast.institution), api_client(cast.dept)

    me = inst.get("/api/v1/me").json()
    assert me["filings"][0]["occupation"] == "电子产品装调"

    r = inst.post("/api/v1/classes", _class_body(scheme="special_ability", level="初级", hours=40))
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    assert r.json() == {
        "code": code,
        "status": "submitted",
        "department": "jxj",
        "department_cite": "附件1 第1行 经信局：数字经济产业的职业技能培训",
    }

    assert inst.post(f"/api/v1/classes/{code}/approve").status_code == 403
    assert api_client(cast.other_dept).post(f"/api/v1/classes/{code}/approve").status_code == 404
    assert api_client(cast.other_institution).get(f"/api/v1/classes/{code}").status_code == 404
    assert (
        inst.post(
            f"/api/v1/classes/{code}/attendance",
            {
                "records": [
                    {
                        "id_number": id_number_for(901),
                        "date": "2021-06-15",
                        "hours": 4,
                        "method": "face",
                        "device": "F1",
                    }
                ]
            },
        ).status_code
        == 409
    )
    r = dept.post(f"/api/v1/classes/{code}/approve")
    assert r.status_code == 200 and r.json() == {"status": "approved"}
    assert dept.post(f"/api/v1/classes/{code}/approve").status_code == 409

    # A roster with two bad rows: 400 naming rows, nothing stored.
    people_before = Person.objects.count()
    bad = xlsx(
        [
            [id_number_for(901), "甲", "13800000001", "企业职工"],
            [id_number_for(901), "甲", "13800000001", "企业职工"],
            ["330604199001011230", "乙", "", "外星人"],
        ]
    )
    r = inst.post(
        f"/api/v1/classes/{code}/roster", {"file": SimpleUploadedFile("r.xlsx", bad)}, multipart=True
    )
    assert r.status_code == 400
    rows = {e["row"] for e in r.json()["errors"]}
    assert rows == {3, 4}
    assert Person.objects.count() == people_before and Enrolment.objects.count() == 0

    good = xlsx(
        [
            [id_number_for(901), "甲一", "13800000001", "企业职工"],
            [id_number_for(902), "乙二", "13800000002", "失业人员、退役军人"],
        ]
    )
    r = inst.post(
        f"/api/v1/classes/{code}/roster", {"file": SimpleUploadedFile("r.xlsx", good)}, multipart=True
    )
    assert r.status_code == 201, r.content
    assert r.json()["added"] == 2
    r = inst.post(
        f"/api/v1/classes/{code}/roster",
        {
            "trainees": [
                {
                    "id_number": id_number_for(903),
                    "name": "丙三",
                    "phone": "13800000003",
                    "groups": "企业职工",
                }
            ]
        },
    )
    assert r.status_code == 201 and r.json()["added"] == 1
    r = inst.post(
        f"/api/v1/classes/{code}/roster",
        {"trainees": [{"id_number": id_number_for(903), "name": "丙三", "phone": "", "groups": "企业职工"}]},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 1

    assert inst.post(f"/api/v1/classes/{code}/start").json() == {"status": "running"}
    days = ["2021-06-15", "2021-06-16", "2021-06-17", "2021-06-18", "2021-06-19"]
    settings.SKILLUP_TODAY = "2021-06-20"
    records = [
        {"id_number": id_number_for(900 + n), "date": d, "hours": 8, "method": "face", "device": "FACE-01"}
        for n in (1, 2)
        for d in days
    ]
    records.append({"id_number": id_number_for(903), "date": "2021-06-15", "hours": 8, "method": "manual"})
    r = inst.post(f"/api/v1/classes/{code}/attendance", {"records": records})
    assert r.status_code == 201, r.content
    assert Attendance.objects.filter(low_trust=True).count() == 1
    assert Attendance.objects.filter(device="FACE-01").count() == 10

    r = inst.post(
        f"/api/v1/classes/{code}/results",
        {
            "results": [
                {"id_number": id_number_for(901), "passed": True, "certificate_no": "C-001"},
                {"id_number": id_number_for(903), "passed": True, "certificate_no": "C-003"},
            ]
        },
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["row"] == 2 and "课时" in r.json()["errors"][0]["message"]
    assert Result.objects.count() == 0
    r = inst.post(
        f"/api/v1/classes/{code}/results",
        {
            "results": [
                {"id_number": id_number_for(901), "passed": True, "certificate_no": "C-001"},
                {"id_number": id_number_for(902), "passed": True, "certificate_no": "C-002"},
                {"id_number": id_number_for(903), "passed": False},
            ]
        },
    )
    assert r.status_code == 201, r.content
    detail = dept.get(f"/api/v1/classes/{code}").json()
    assert detail["counts"]["enrolled"] == 3 and detail["counts"]["passed"] == 2
    assert (
        api_client(cast.other_institution)
        .post(f"/api/v1/classes/{code}/results", {"results": []})
        .status_code
        == 404
    )


def test_a_class_outside_the_filing_is_refused(cast, api_client):
    file_for(cast.institution_org, ("vocational_certificate", "焊工", "初级"))
    r = api_client(cast.institution).post(
        "/api/v1/classes", _class_body(occupation="电工", level="初级", hours=70)
    )
    assert r.status_code == 400
    assert "备案" in r.json()["errors"][0]["message"]


def test_only_institutions_submit_classes(cast, api_client):
    assert api_client(cast.dept).post("/api/v1/classes", _class_body()).status_code == 403


def test_occupations_are_searchable(cast, api_client):
    r = api_client(cast.trainee).get("/api/v1/occupations?q=焊")
    assert r.status_code == 200
    assert {
        "name": "焊工",
        "category": "A",
        "scheme": "vocational_certificate",
        "levels": ["初级", "中级", "高级", "技师", "高级技师"],
    } in r.json()


def test_a_trainee_checks_in_through_the_api_with_the_current_qr_token(cast, api_client):
    import datetime as dt

    from skillup.training.attendance import qr_token
    from skillup.training.models import Enrolment, Session
    from tests.training.helpers import make_class

    klass = make_class(cast.institution_org, cast.department, status="running")
    Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    session = Session.objects.create(
        klass=klass,
        date=dt.date(2021, 6, 15),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        hours=4,
        secret="k" * 64,
    )
    body = {
        "records": [
            {
                "id_number": "x",
                "date": "2021-06-15",
                "method": "qr",
                "session": session.pk,
                "token": qr_token(session),
            }
        ]
    }
    trainee = api_client(cast.trainee)
    assert trainee.post(f"/api/v1/classes/{klass.code}/attendance", body).status_code == 201
    assert trainee.post(f"/api/v1/classes/{klass.code}/attendance", body).status_code == 409
    body["records"][0]["token"] = "0" * 16
    assert (
        api_client(cast.other_trainee).post(f"/api/v1/classes/{klass.code}/attendance", body).status_code
        == 404
    )
    assert trainee.post(f"/api/v1/classes/{klass.code}/attendance", body).status_code == 400


def test_roster_json_takes_groups_as_a_list_and_refuses_a_malformed_body(cast, api_client):
    from tests.training.helpers import make_class

    klass = make_class(cast.institution_org, cast.department)
    inst = api_client(cast.institution)
    r = inst.post(
        f"/api/v1/classes/{klass.code}/roster",
        {"trainees": [{"id_number": id_number_for(950), "name": "丁", "groups": ["企业职工", "退役军人"]}]},
    )
    assert r.status_code == 201, r.content
    r = inst.post(f"/api/v1/classes/{klass.code}/roster", {"trainees": "nope"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "trainees"
    r = inst.post(f"/api/v1/classes/{klass.code}/roster", "{not json", content_type="application/json")
    assert r.status_code == 400
    r = inst.post(
        f"/api/v1/classes/{klass.code}/roster",
        {"file": SimpleUploadedFile("r.xlsx", b"PK\x03\x04junk")},
        multipart=True,
    )
    assert r.status_code == 400 and "Excel" in r.json()["errors"][0]["message"]


def test_the_openapi_schema_documents_the_training_endpoints(cast, api_client):
    schema = api_client(cast.hr).get("/api/v1/openapi.json").json()
    roster = schema["paths"]["/api/v1/classes/{code}/roster"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(roster["requestBody"]["content"])
    assert "/api/v1/occupations" in schema["paths"]


def test_the_check_in_page_needs_a_login(client, cast):
    r = client.get("/training/checkin/1/abc/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_trainee_batch_of_check_ins_is_all_or_nothing_and_names_the_bad_row(cast, api_client):
    """Issue 12: each check-in was its own transaction, so a 400 on row 2 kept row 1."""
    import datetime as dt

    from skillup.training.attendance import qr_token
    from skillup.training.models import Attendance, Enrolment, Session
    from tests.training.helpers import make_class

    klass = make_class(cast.institution_org, cast.department, status="running")
    Enrolment.objects.create(klass=klass, person=cast.trainee_person, source="form")
    morning, afternoon = (
        Session.objects.create(
            klass=klass,
            date=dt.date(2021, 6, 15),
            starts_at=dt.time(h),
            ends_at=dt.time(h + 3),
            hours=3,
            secret=secret * 64,
        )
        for h, secret in ((8, "a"), (13, "b"))
    )
    trainee = api_client(cast.trainee)
    url = f"/api/v1/classes/{klass.code}/attendance"

    def record(session, token):
        return {"id_number": "x", "date": "2021-06-15", "method": "qr", "session": session.pk, "token": token}

    r = trainee.post(url, {"records": [record(morning, qr_token(morning)), record(afternoon, "0" * 16)]})
    assert r.status_code == 400, r.content
    assert r.json()["errors"] == [
        {"row": 2, "field": "token", "message": "二维码已过期，请重新扫描教室屏幕上的二维码"}
    ]
    assert Attendance.objects.count() == 0

    r = trainee.post(
        url, {"records": [record(morning, qr_token(morning)), record(morning, qr_token(morning))]}
    )
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 2
    assert Attendance.objects.count() == 0

    body = {"records": [record(morning, qr_token(morning)), record(afternoon, qr_token(afternoon))]}
    r = trainee.post(url, body)
    assert r.status_code == 201 and r.json()["added"] == 2
    assert set(Attendance.objects.values_list("session_id", flat=True)) == {morning.pk, afternoon.pk}
    r = trainee.post(url, body)
    assert r.status_code == 409 and "第1、2行" in r.json()["errors"][0]["message"]
    assert Attendance.objects.count() == 2
