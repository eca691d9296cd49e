"""Writes of the leadership and farmer programmes (第4、5条): one transaction each, with its audit row.
Participants arrive as a list of identity numbers, all-or-nothing with the line of every problem."""

import datetime as dt

from django.db import transaction

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.programmes.models_projects import Project, ProjectParticipant
from skillup.programmes.permissions import HR_ROLES, can_keep_project, can_record_project
from skillup.registry import crypto
from skillup.registry.facts import FactBook
from skillup.registry.models import Organisation, OrgKind, Person
from skillup.registry.validators import validate_id_number

MAX_LINES = 500


@transaction.atomic
def project_create(*, actor, data: dict) -> Project:
    require(can_record_project(actor))
    errors: list[FieldError] = []
    kind = str(data.get("kind") or "")
    if kind not in Project.Kind.values:
        errors.append(FieldError("请选择项目类型", field="kind", label="项目类型"))
    name = _text(data, "name", "项目名称", errors, limit=100)
    partner = _text(data, "partner", "合作院校（承训机构）", errors, limit=200, required=False)
    if actor.role in HR_ROLES:
        raw = str(data.get("department") or "")
        department = (
            Organisation.objects.filter(pk=raw, kind__in=(OrgKind.HR, OrgKind.DEPARTMENT)).first()
            if raw.isdigit()
            else None
        )
        if department is None:
            errors.append(FieldError("请选择责任部门", field="department", label="责任部门"))
    else:
        department = actor.organisation
    start = _date(data.get("start_date"), "start_date", "开始日期", errors)
    end = _date(data.get("end_date"), "end_date", "结束日期", errors)
    if start and end and end < start:
        errors.append(FieldError("结束日期不能早于开始日期", field="end_date", label="结束日期"))
    planned = str(data.get("planned") or "").strip()
    if not planned.isdigit() or not 1 <= int(planned) <= 10000:
        errors.append(FieldError("计划人数应为 1–10000 的整数", field="planned", label="计划人数"))
    if errors:
        raise RuleViolation(errors)
    assert department is not None and start is not None and end is not None  # noqa: S101 — errors raised above
    project = Project.objects.create(
        kind=kind,
        name=name,
        year=start.year,
        department=department,
        partner=partner,
        start_date=start,
        end_date=end,
        planned=int(planned),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="project.create",
        obj=project,
        changes={"kind": [None, kind], "planned": [None, int(planned)]},
        summary=f"{department.name} 登记培训项目「{name}」（{project.get_kind_display()}，{project.clause}）",
    )
    return project


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("department").get(pk=project.pk)


@transaction.atomic
def participants_add(*, actor, project: Project, lines: str, joined_on=None) -> list[ProjectParticipant]:
    """One identity number per line (a name after it is ignored). Every line is checked; any problem and
    nothing is added. 领航计划 participants must work at a listed enterprise on the day they join."""
    project = _locked(project)
    require(can_keep_project(actor, project))
    errors: list[FieldError] = []
    day = clock.today() if joined_on in (None, "") else _date(joined_on, "joined_on", "参加日期", errors)
    if day is not None and not project.start_date <= day <= project.end_date:
        errors.append(
            FieldError(
                f"参加日期应在 {project.start_date:%Y-%m-%d} 至 {project.end_date:%Y-%m-%d} 之间",
                field="joined_on",
                label="参加日期",
            )
        )
    rows = [
        (i, line.split()[0]) for i, line in enumerate((lines or "").splitlines(), start=1) if line.strip()
    ]
    if not rows:
        errors.append(FieldError("请填写参加人员的身份证号，每行一个", field="lines", label="身份证号"))
    if len(rows) > MAX_LINES:
        errors.append(FieldError(f"一次最多 {MAX_LINES} 人", field="lines", label="身份证号"))
    if errors:
        raise RuleViolation(errors)
    assert day is not None  # noqa: S101 — errors raised above
    numbers = {}
    for line, raw in rows:
        try:
            numbers[line] = validate_id_number(raw, today=clock.today())
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="lines", row=line, label="身份证号"))
    by_hash = {
        p.id_hash: p
        for p in Person.objects.filter(id_hash__in=[crypto.lookup_hash(n) for n in numbers.values()])
    }
    existing = set(project.participants.values_list("person_id", flat=True))
    people: dict[int, Person] = {}
    seen: set[int] = set()
    for line, number in numbers.items():
        person = by_hash.get(crypto.lookup_hash(number))
        if person is None:
            errors.append(FieldError("该身份证号未在系统登记", field="lines", row=line, label="身份证号"))
        elif person.pk in existing or person.pk in seen:
            errors.append(FieldError(f"{person.name}已在本项目中", field="lines", row=line, label="身份证号"))
        else:
            seen.add(person.pk)
            people[line] = person
    employers: dict[int, Organisation | None] = {}
    if people and day is not None:
        book = FactBook.load(person_ids=[p.pk for p in people.values()])
        employers = {p.pk: book.employer_on(p.pk, day) for p in people.values()}
        if project.kind == Project.Kind.LEADERSHIP:
            listed = set(
                Organisation.objects.filter(
                    pk__in=[e.pk for e in employers.values() if e], enterprise__listed=True
                ).values_list("pk", flat=True)
            )
            for line, person in people.items():
                employer = employers.get(person.pk)
                if employer is None or employer.pk not in listed:
                    where = employer.name if employer else "没有登记的工作单位"
                    errors.append(
                        FieldError(
                            f"{person.name}在{day:%Y-%m-%d}{'受雇于' + where if employer else where}，"
                            "“领航计划”只面向上市企业职工（第4条）",
                            field="lines",
                            row=line,
                            label="身份证号",
                        )
                    )
    if errors:
        raise RuleViolation(errors)
    added = ProjectParticipant.objects.bulk_create(
        [
            ProjectParticipant(project=project, person=p, employer=employers.get(p.pk), joined_on=day)
            for p in people.values()
        ]
    )
    audit.record(
        actor=actor,
        action="project.participants_add",
        obj=project,
        changes={"added": [None, len(added)]},
        summary=f"「{project.name}」新增参加人员 {len(added)} 人",
    )
    return added


@transaction.atomic
def outcomes_set(*, actor, project: Project, participant_ids, outcome: str, on=None) -> int:
    """The outcome of the chosen participants (结业、取得证书、退出), as of a day; all or none."""
    project = _locked(project)
    require(can_keep_project(actor, project))
    errors: list[FieldError] = []
    if outcome not in ProjectParticipant.Outcome.values or outcome == ProjectParticipant.Outcome.ENROLLED:
        errors.append(FieldError("请选择结果", field="outcome", label="结果"))
    day = clock.today() if on in (None, "") else _date(on, "outcome_on", "结果日期", errors)
    if isinstance(day, dt.date) and day > clock.today():
        errors.append(FieldError("结果日期不能晚于今天", field="outcome_on", label="结果日期"))
    ids = {int(i) for i in participant_ids if str(i).isdigit()}
    chosen = list(project.participants.filter(pk__in=ids))
    if not chosen or len(chosen) != len(ids):
        errors.append(FieldError("请勾选本项目的参加人员", field="participants", label="参加人员"))
    if errors:
        raise RuleViolation(errors)
    ProjectParticipant.objects.filter(pk__in=[p.pk for p in chosen]).update(outcome=outcome, outcome_on=day)
    audit.record(
        actor=actor,
        action="project.outcomes",
        obj=project,
        changes={"outcome": [None, outcome], "count": [None, len(chosen)]},
        summary=f"「{project.name}」{len(chosen)} 人：{ProjectParticipant.Outcome(outcome).label}",
    )
    return len(chosen)


@transaction.atomic
def project_finish(*, actor, project: Project, outcomes: str) -> Project:
    project = _locked(project)
    require(can_keep_project(actor, project))
    errors: list[FieldError] = []
    text = _text({"outcomes": outcomes}, "outcomes", "实施成效", errors, limit=4000)
    if clock.today() < project.end_date:
        errors.append(
            FieldError(f"项目 {project.end_date:%Y-%m-%d} 结束后才能办结", field="outcomes", label="实施成效")
        )
    if errors:
        raise RuleViolation(errors)
    project.status = Project.Status.FINISHED
    project.outcomes = text
    project.save(update_fields=["status", "outcomes"])
    audit.record(
        actor=actor,
        action="project.finish",
        obj=project,
        changes={"status": ["running", "finished"]},
        summary=f"「{project.name}」办结",
    )
    return project
