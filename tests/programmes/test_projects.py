"""领航计划与农民培训 (issue 15 item 6, 第4、5条): a department records its programme, its participants (a
list of identity numbers, all-or-nothing with the line of every problem; 领航计划 only for listed
enterprises' staff), their outcomes, and closes it; the monthly report counts it; the pages are scoped
(another department's programme is 404) and export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.planning import figures
from skillup.programmes import services_projects as services
from skillup.programmes.models_projects import Project, ProjectParticipant
from skillup.registry.models import Enterprise
from tests.factories import PersonFactory, id_number_for

pytestmark = pytest.mark.django_db


def _create(actor, **extra):
    data = {
        "kind": "hq_farmer",
        "name": "2021年高素质农民培育班",
        "partner": "绍兴市农业干部学校",
        "start_date": "2021-03-01",
        "end_date": "2021-11-30",
        "planned": "40",
    } | extra
    return services.project_create(actor=actor, data=data)


@pytest.fixture
def farmers():
    numbers = [id_number_for(6100 + i) for i in range(3)]
    for i, n in enumerate(numbers):
        PersonFactory(number=n, name=f"农民{'甲乙丙'[i]}")
    return numbers


def test_life_cycle_from_record_to_close(cast, farmers):
    project = _create(cast.dept)
    assert project.department == cast.department and project.year == 2021 and project.clause == "第5条"
    added = services.participants_add(
        actor=cast.dept,
        project=project,
        lines="\n".join(f"{n} 某某" for n in farmers),
        joined_on="2021-03-01",
    )
    assert len(added) == 3
    ids = [p.pk for p in added[:2]]
    assert (
        services.outcomes_set(actor=cast.dept, project=project, participant_ids=ids, outcome="certified") == 2
    )
    assert (
        ProjectParticipant.objects.filter(outcome="certified", outcome_on=dt.date(2021, 6, 15)).count() == 2
    )

    with pytest.raises(RuleViolation, match="2021-11-30 结束后才能办结"):
        services.project_finish(actor=cast.dept, project=project, outcomes="培育 40 人")
    Project.objects.filter(pk=project.pk).update(end_date=dt.date(2021, 6, 1))
    services.project_finish(actor=cast.dept, project=project, outcomes="培育 3 人，2 人取证")
    project.refresh_from_db()
    assert project.status == "finished" and project.outcomes.startswith("培育")
    with pytest.raises(NotAllowed, match="项目已结束"):
        services.participants_add(actor=cast.dept, project=project, lines=farmers[0])
    actions = list(
        AuditEntry.objects.filter(action__startswith="project.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["project.create", "project.participants_add", "project.outcomes", "project.finish"]


def test_a_bad_form_names_every_field_and_saves_nothing(cast):
    with pytest.raises(RuleViolation) as exc:
        services.project_create(
            actor=cast.dept,
            data={
                "kind": "x",
                "name": "",
                "start_date": "2021-05-01",
                "end_date": "2021-04-01",
                "planned": "0",
            },
        )
    assert {e.field for e in exc.value.errors} == {"kind", "name", "end_date", "planned"}
    assert not Project.objects.exists()


def test_participants_are_all_or_nothing_with_each_bad_line(cast, farmers):
    project = _create(cast.dept)
    services.participants_add(actor=cast.dept, project=project, lines=farmers[0])
    lines = "\n".join([farmers[1], "330602199001011234", id_number_for(6199), farmers[0], farmers[1]])
    with pytest.raises(RuleViolation) as exc:
        services.participants_add(actor=cast.dept, project=project, lines=lines)
    rows = {e.row: e.message for e in exc.value.errors}
    assert set(rows) == {2, 3, 4, 5}
    assert "未在系统登记" in rows[3] and "已在本项目中" in rows[4] and "已在本项目中" in rows[5]
    assert project.participants.count() == 1  # line 1 was fine, and still nothing was added

    with pytest.raises(RuleViolation, match="参加日期应在"):
        services.participants_add(actor=cast.dept, project=project, lines=farmers[1], joined_on="2020-01-01")


def test_the_leadership_programme_is_for_listed_enterprises_staff(cast):
    project = _create(cast.hr, kind="leadership", name="领航计划数控班", department=str(cast.hr_bureau.pk))
    assert project.clause == "第4条"
    staff = id_number_for(6201)
    PersonFactory(number=staff, name="上市甲", employer=cast.enterprise_org)
    jobless = id_number_for(6202)
    PersonFactory(number=jobless, name="无业乙")
    with pytest.raises(RuleViolation) as exc:
        services.participants_add(actor=cast.hr, project=project, lines=f"{staff}\n{jobless}")
    messages = {e.row: e.message for e in exc.value.errors}
    assert "浙江上虞甲机械有限公司" in messages[1] and "只面向上市企业职工" in messages[1]
    assert "没有登记的工作单位" in messages[2]
    Enterprise.objects.filter(organisation=cast.enterprise_org).update(listed=True)
    (added,) = services.participants_add(actor=cast.hr, project=project, lines=staff)
    assert added.employer == cast.enterprise_org


def test_who_may_record_and_keep(cast):
    project = _create(cast.dept)
    for user in (cast.institution, cast.enterprise, cast.trainee, cast.finance, cast.auditor):
        with pytest.raises(NotAllowed):
            _create(user)
    with pytest.raises(NotAllowed, match="责任部门或人社局"):
        services.participants_add(actor=cast.other_dept, project=project, lines=id_number_for(1))
    number = id_number_for(6301)
    PersonFactory(number=number, name="登记丙")
    (added,) = services.participants_add(actor=cast.hr, project=project, lines=number)
    assert added.person.name == "登记丙"


def test_the_department_report_counts_the_programme(cast, farmers):
    project = _create(cast.dept)
    added = services.participants_add(
        actor=cast.dept, project=project, lines="\n".join(farmers), joined_on="2021-05-10"
    )
    services.outcomes_set(
        actor=cast.dept, project=project, participant_ids=[added[0].pk], outcome="completed", on="2021-06-01"
    )
    may = figures.for_month(cast.department.pk, dt.date(2021, 5, 1))["projects"]
    june = figures.for_month(cast.department.pk, dt.date(2021, 6, 1))["projects"]
    assert may == [
        {"name": project.name, "kind": "高素质农民培育计划", "clause": "第5条", "joined": 3, "completed": 0, "people": 3, "planned": 40}
    ]  # fmt: skip
    assert june[0]["joined"] == 0 and june[0]["completed"] == 1
    assert figures.for_month(cast.other_department.pk, dt.date(2021, 5, 1))["projects"] == []
    assert figures.for_month(None, dt.date(2021, 5, 1))["projects"][0]["people"] == 3
    assert figures.for_month(cast.department.pk, dt.date(2021, 12, 1))["projects"] == []  # after its end
    assert figures.from_json(figures.to_json({"projects": may}))["projects"] == may


def test_pages_are_scoped_per_department_and_export(cast, login, farmers):
    mine = _create(cast.dept)
    theirs = _create(cast.other_dept, name="应急管理局的项目")
    services.participants_add(actor=cast.dept, project=mine, lines=farmers[0])
    page = login(cast.dept).get(reverse("programmes:projects"))
    body = page.content.decode()
    assert page.status_code == 200 and mine.name in body and theirs.name not in body
    assert login(cast.dept).get(reverse("programmes:project", args=[theirs.pk])).status_code == 404
    detail = login(cast.dept).get(reverse("programmes:project", args=[mine.pk])).content.decode()
    assert "农民甲" in detail and farmers[0] not in detail  # masked on screen
    for user in (cast.institution, cast.enterprise, cast.trainee, cast.outsider):
        assert login(user).get(reverse("programmes:project", args=[mine.pk])).status_code in (403, 404)
    hr = login(cast.hr).get(reverse("programmes:projects") + "?export=1")
    ws = load_workbook(io.BytesIO(hr.content)).active
    names = [row[1] for row in ws.iter_rows(values_only=True)]
    assert mine.name in names and theirs.name in names


def test_a_bad_post_shows_the_message_and_changes_nothing(cast, login):
    project = _create(cast.dept)
    client = login(cast.dept)
    response = client.post(
        reverse("programmes:project_change", args=[project.pk, "participants"]),
        {"lines": "not-a-number"},
        follow=True,
    )
    assert response.status_code == 200 and "身份证号" in response.content.decode()
    assert project.participants.count() == 0
    assert client.post(reverse("programmes:project_change", args=[project.pk, "nonsense"])).status_code == 404
    other = login(cast.other_dept).post(
        reverse("programmes:project_change", args=[project.pk, "finish"]), {"outcomes": "x"}
    )
    assert other.status_code == 404
