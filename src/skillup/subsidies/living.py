"""The living allowance during training (第7条 生活费补贴: 50 元 × days, catalogue scheme `living_allowance`).

Days are never typed. They are the trainee's attended days of the class: the distinct dates with an
attendance event of that enrolment. A day counts only when the person was in one of the scheme's groups
that day (建档立卡低收入农户, 就业困难人员, 零就业家庭, 农村两后生, 城镇低保家庭, `groups_required`):

- a group the registry holds dated recognitions for (`registry.GroupRecognition`) counts on the days one
  of them covers (a person in the group for only some attended days gets only those days);
- a group without any dated recognition counts if it is in the person's current groups (`Person.groups`,
  as registered in the registry or by the roster): SkillUp knows no start or end for it, so it is taken as
  held on every attended day.

A living-allowance claim is made with the class's claims (`claims_create_for_class`) for every eligible
trainee, or when a trainee applies for a class they attended (`living_apply`). Never twice for the same
class and person: the person's row is locked and any earlier claim of that class and person, whatever its
status, stops a new one (a refused or rejected one is corrected by resubmitting it). Its department is
routed by the person's groups (附件1, `competent_department`); the basis says which days counted and why.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.policy.catalogue import default_catalogue, in_force
from skillup.registry.groups import TARGET_GROUPS, decode
from skillup.registry.models import GroupRecognition, Person
from skillup.subsidies import permissions
from skillup.training.departments import competent_department, department_of

SCHEME = "living_allowance"


def note(on: dt.date) -> str:
    """The offer's one line, from the catalogue: who may claim and the daily rate in force on `on`."""
    names = "、".join(TARGET_GROUPS[g] for g in listed_groups())
    entry = in_force(default_catalogue().scheme(SCHEME).all_entries(), on)
    rate = f"每天{entry.rate:.0f}元" if entry is not None and entry.rate is not None else "计"
    return f"第7条：{names}，按出勤天数{rate}"


def listed_groups() -> tuple[str, ...]:
    """The groups of 第7条, in the catalogue's order (the first held is the one named)."""
    return tuple(default_catalogue().scheme(SCHEME).groups_required)


@dataclass(frozen=True)
class Days:
    attended: tuple[dt.date, ...]
    counted: tuple[dt.date, ...]
    group: str  # the listed group named in the basis ("" when no day counts)
    dated: bool  # the group came from dated recognitions, not only from the current groups

    def explain(self) -> list[dict]:
        attended, counted = len(self.attended), len(self.counted)
        name = TARGET_GROUPS.get(self.group, self.group)
        how = "按人员类别认定记录的起止日期" if self.dated else "人员信息中的现有类别（无认定起止日期）"
        detail = f"第7条：培训期间出勤 {attended} 天（按考勤记录的不同日期计）"
        if counted == attended:
            detail += f"，均属{name}（{how}），按 {counted} 天计"
        else:
            left = "、".join(f"{d:%m-%d}" for d in self.attended if d not in set(self.counted))
            detail += f"，其中属{name}的 {counted} 天（{how}）；{left} 不属所列人员，不计"
        return [{"rule": "living_days", "clause": "第7条", "detail": detail}]


def attended_days(enrolment_id: int) -> tuple[dt.date, ...]:
    from skillup.training.models import Attendance

    days = Attendance.objects.filter(enrolment_id=enrolment_id).values_list("date", flat=True).distinct()
    return tuple(sorted(set(days)))


def days_for(person: Person, attended: tuple[dt.date, ...]) -> Days:
    """Which attended days the person was in a listed group, and which group."""
    listed = listed_groups()
    by_group: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for group, start, end in GroupRecognition.objects.filter(person=person, group__in=listed).values_list(
        "group", "valid_from", "valid_until"
    ):
        by_group.setdefault(group, []).append((start, end))
    current = set(decode(person.groups))
    counted: set[dt.date] = set()
    named, dated_named = "", False
    for group in listed:
        if group in by_group:
            spans = by_group[group]
            days = {d for d in attended if any(s <= d and (e is None or d <= e) for s, e in spans)}
            dated = True
        elif group in current:
            days, dated = set(attended), False
        else:
            continue
        if days - counted and not named:
            named, dated_named = group, dated
        counted |= days
    return Days(attended=attended, counted=tuple(sorted(counted)), group=named, dated=dated_named)


def existing_claim_id(klass_id: int, person_id: int) -> int | None:
    from skillup.subsidies.models import Claim

    return (
        Claim.objects.filter(scheme=SCHEME, klass_id=klass_id, person_id=person_id)
        .values_list("id", flat=True)
        .first()
    )


def build(*, actor, klass, enrolment, person: Person, days: Days):
    """An unsaved living-allowance claim for this trainee of this class (checked by the caller)."""
    from skillup.subsidies import routing
    from skillup.subsidies.models import Claim
    from skillup.subsidies.services import _payee

    groups = sorted(set(decode(person.groups)) | {days.group})
    competent = competent_department(scheme=SCHEME, groups=groups)
    department = department_of(competent)
    when = days.counted[-1]
    payee = default_catalogue().scheme(SCHEME).payee
    kind, name, account = _payee(payee, person=person, institution=klass.institution, enterprise=None)
    explain = [*days.explain(), routing.line(department, competent.cite)]
    return Claim(
        scheme=SCHEME,
        person=person,
        institution=klass.institution,
        klass=klass,
        department=department,
        # The class's training, so that the filing check reads the institution's filing of it (第1条).
        occupation=klass.occupation,
        level=klass.level,
        entitlement_date=when,
        year=when.year,
        payee_kind=kind,
        payee_name=name,
        payee_account=account,
        facts={
            "scheme": SCHEME,
            "date": when.isoformat(),
            "days": len(days.counted),
            "group": days.group,
            "counted_days": [d.isoformat() for d in days.counted],
            "training_scheme": klass.scheme,
            "explain": explain,
        },
        created_by=actor,
    )


def for_class(*, actor, klass) -> list:
    """Unsaved living-allowance claims for every eligible trainee of the class not yet claimed; called
    inside `claims_create_for_class`'s transaction, after the class row is locked."""
    from skillup.subsidies.models import Claim
    from skillup.training.models import Enrolment

    claimed = set(Claim.objects.filter(scheme=SCHEME, klass=klass).values_list("person_id", flat=True))
    claims = []
    enrolments = Enrolment.objects.filter(klass=klass).select_related("person").order_by("person_id")
    for enrolment in enrolments:
        if enrolment.person_id in claimed:
            continue
        attended = attended_days(enrolment.pk)
        if not attended:
            continue
        days = days_for(enrolment.person, attended)
        if days.counted:
            claims.append(
                build(actor=actor, klass=klass, enrolment=enrolment, person=enrolment.person, days=days)
            )
    return claims


def living_apply(*, actor, klass):
    """A trainee applies for the living allowance of a class they attended (第7条)."""
    from skillup.subsidies import checks
    from skillup.subsidies.services import _save_new
    from skillup.training.models import Enrolment

    require(permissions.is_living_applicant(actor))
    if klass is None:
        raise RuleViolation("请填写培训班编号", field="class")
    verdict = permissions.can_apply_living_allowance(actor, klass)
    if not verdict:
        raise StateConflict(verdict.reason)
    enrolment = Enrolment.objects.filter(klass=klass, person_id=actor.person_id).first()
    if enrolment is None:
        raise RuleViolation("您不在该培训班的学员名册中", field="class")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=actor.person_id)
        earlier = existing_claim_id(klass.pk, person.pk)
        if earlier is not None:
            raise StateConflict(f"您已申领过本班的生活费补贴（申领 #{earlier}），不能重复申领")
        attended = attended_days(enrolment.pk)
        if not attended:
            raise RuleViolation("您在本班没有考勤记录，生活费补贴按出勤天数计算", field="class")
        days = days_for(person, attended)
        if not days.counted:
            names = "、".join(TARGET_GROUPS[g] for g in listed_groups())
            raise RuleViolation(f"第7条：生活费补贴限于{names}；您在出勤期间不属于上述人员", field="scheme")
        claim = build(actor=actor, klass=klass, enrolment=enrolment, person=person, days=days)
        checks.run([claim], today=today())
        return _save_new([claim], actor=actor, action="claim.living_apply")[0]
