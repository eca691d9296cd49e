"""Writes of the elite programme (第8条): one transaction each, with its audit row. A member who completes
gets one `elite_training` claim through the subsidies service; the engine sets the amount (省内/省外 cap)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.programmes import elite
from skillup.programmes.models_elite import EliteCohort, EliteMember, EliteNomination, EliteRound
from skillup.programmes.permissions import (
    can_decide_elite,
    can_form_elite_cohort,
    can_keep_elite_cohort,
    can_nominate_elite,
    can_open_elite_round,
)
from skillup.registry import crypto
from skillup.registry.models import Organisation, OrgKind, Person
from skillup.registry.validators import validate_id_number
from skillup.subsidies import services as subsidies

N = EliteNomination.Status
O = EliteMember.Outcome  # noqa: E741 — the outcome choices, as in the models


def _int(data: dict, field: str, label: str, errors: list, *, low: int, high: int) -> int:
    raw = str(data.get(field) or "").strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors.append(FieldError(f"{label}应为 {low}–{high} 的整数", field=field, label=label))
        return 0
    return int(raw)


@transaction.atomic
def round_open(*, actor, data: dict) -> EliteRound:
    """HR opens a year's selection for one class, with its quota and nomination window."""
    require(can_open_elite_round(actor))
    errors: list[FieldError] = []
    kind = str(data.get("kind") or "")
    if kind not in EliteRound.Kind.values:
        errors.append(FieldError("请选择班次：技工班、巧匠班或大师班", field="kind", label="班次"))
    year = _int(data, "year", "年度", errors, low=2019, high=2100)
    quota = _int(data, "quota", "名额", errors, low=1, high=500)
    start = _date(data.get("nominate_from"), "nominate_from", "推荐开始日期", errors)
    end = _date(data.get("nominate_to"), "nominate_to", "推荐截止日期", errors)
    if start and end and end < start:
        errors.append(FieldError("推荐截止日期不能早于开始日期", field="nominate_to", label="推荐截止日期"))
    note = _text(data, "note", "说明", errors, limit=300, required=False)
    if not errors and EliteRound.objects.filter(year=year, kind=kind).exists():
        errors.append(FieldError(f"{year}年{kind}已发布，请在原批次中调整", field="kind", label="班次"))
    if errors:
        raise RuleViolation(errors)
    assert start is not None and end is not None  # noqa: S101 — errors raised above
    r = EliteRound.objects.create(
        year=year, kind=kind, quota=quota, nominate_from=start, nominate_to=end, note=note, created_by=actor
    )
    audit.record(
        actor=actor,
        action="elite.round_open",
        obj=r,
        changes={"quota": [None, quota]},
        summary=f"发布{r}遴选，名额 {quota} 人，推荐时间 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}",
    )
    return r


@transaction.atomic
def nominate(*, actor, elite_round: EliteRound, id_number: str, merits: str) -> EliteNomination:
    """An enterprise or a department nominates one person; every reason they do not fit is given at once."""
    r = EliteRound.objects.select_for_update().get(pk=elite_round.pk)
    require(can_nominate_elite(actor, r))
    errors: list[FieldError] = []
    text = _text({"merits": merits}, "merits", "推荐理由（主要业绩）", errors, limit=500)
    person = None
    try:
        number = validate_id_number(str(id_number or "").strip(), today=clock.today())
        person = Person.objects.filter(id_hash=crypto.lookup_hash(number)).first()
        if person is None:
            errors.append(FieldError("该身份证号未在系统登记", field="id_number", label="身份证号"))
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="id_number", label="身份证号"))
    if errors:
        raise RuleViolation(errors)
    assert person is not None  # noqa: S101 — errors raised above
    day = clock.today()
    if r.nominations.filter(person=person).exists():
        raise RuleViolation(
            [FieldError(f"{person.name}已被推荐参加{r}", field="id_number", label="身份证号")]
        )
    done = EliteMember.objects.filter(
        person=person, outcome=O.COMPLETED, cohort__round__kind=r.kind
    ).select_related("cohort__round")
    found = elite.check(person, kind=r.kind, nominator=actor.organisation, day=day)
    problems = list(found.problems)
    for m in done:
        problems.append(f"{person.name}已于 {m.cohort.round.year} 年完成{r.kind}研修")
    if problems:
        raise RuleViolation([FieldError(p, field="id_number", label="人选") for p in problems])
    assert found.employer is not None  # noqa: S101 — a problem is raised without one
    n = EliteNomination.objects.create(
        round=r,
        person=person,
        nominator=actor.organisation,
        employer=found.employer,
        level_held=found.level,
        certificate=found.certificate,
        merits=text,
        nominated_by=actor,
        nominated_on=day,
    )
    audit.record(
        actor=actor,
        action="elite.nominate",
        obj=n,
        changes={"person": [None, person.id_masked], "level": [None, found.level]},
        summary=f"{actor.organisation.name} 推荐{person.name}（{found.level}）参加{r}",
    )
    return n


DECISIONS = {
    # decision: (statuses it applies to, status after, label)
    "shortlist": ((N.NOMINATED,), N.SHORTLISTED, "入围"),
    "approve": ((N.SHORTLISTED,), N.APPROVED, "确定"),
    "not_select": ((N.NOMINATED, N.SHORTLISTED), N.NOT_SELECTED, "未入选"),
}


@transaction.atomic
def nominations_decide(
    *, actor, elite_round: EliteRound, nomination_ids, decision: str, note: str = ""
) -> int:
    """HR's shortlist, approval (only shortlisted people, within the quota) or refusal with a reason; the
    chosen nominations all move or none does."""
    r = EliteRound.objects.select_for_update().get(pk=elite_round.pk)
    require(can_decide_elite(actor, r))
    errors: list[FieldError] = []
    if decision not in DECISIONS:
        raise RuleViolation([FieldError("请选择评审结果", field="decision", label="评审结果")])
    before, after, label = DECISIONS[decision]
    note = _text({"note": note}, "note", "评审意见", errors, limit=300, required=decision == "not_select")
    ids = {int(i) for i in nomination_ids if str(i).isdigit()}
    chosen = list(r.nominations.filter(pk__in=ids).select_related("person"))
    if not chosen or len(chosen) != len(ids):
        errors.append(FieldError("请勾选本批次的推荐人选", field="nominations", label="推荐人选"))
    for n in chosen:
        if n.status not in before:
            errors.append(
                FieldError(
                    f"{n.person.name}{n.get_status_display()}，不能{label}",
                    field="nominations",
                    label="推荐人选",
                )
            )
    if decision == "approve" and not errors:
        approved = r.nominations.filter(status=N.APPROVED).count()
        if approved + len(chosen) > r.quota:
            errors.append(
                FieldError(
                    f"{r}名额 {r.quota} 人，已确定 {approved} 人，最多还能确定 {r.quota - approved} 人",
                    field="nominations",
                    label="推荐人选",
                )
            )
    if errors:
        raise RuleViolation(errors)
    EliteNomination.objects.filter(pk__in=[n.pk for n in chosen]).update(
        status=after, decision_note=note, decided_by=actor, decided_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="elite.decide",
        obj=r,
        changes={"status": [None, after], "count": [None, len(chosen)]},
        summary=f"{r}：{len(chosen)} 人{label}" + (f"（{note}）" if note else ""),
    )
    return len(chosen)


@transaction.atomic
def cohort_create(*, actor, elite_round: EliteRound, data: dict) -> EliteCohort:
    """A class of the round at a partner institution. In or out of the province: as chosen, else the
    catalogue's default for the class (第8条: 大师班主要省外研修)."""
    r = elite_round
    require(can_form_elite_cohort(actor, r))
    errors: list[FieldError] = []
    name = _text(data, "name", "研修班名称", errors, limit=100)
    occupation = _text(data, "occupation", "研修方向（职业）", errors, limit=100, required=False)
    raw = str(data.get("institution") or "")
    institution = (
        Organisation.objects.filter(pk=raw, kind=OrgKind.INSTITUTION).first() if raw.isdigit() else None
    )
    if institution is None:
        errors.append(FieldError("请选择合作院校（承训机构）", field="institution", label="合作院校"))
    region = str(data.get("out_of_province") or "")
    out = elite.out_of_province_default(r.kind) if region == "" else region in ("1", "true", "on", "省外")
    start = _date(data.get("start_date"), "start_date", "开始日期", errors)
    end = _date(data.get("end_date"), "end_date", "结束日期", errors)
    if start and end and end < start:
        errors.append(FieldError("结束日期不能早于开始日期", field="end_date", label="结束日期"))
    days = _int(data, "days", "研修天数", errors, low=1, high=365)
    if start and end and days > (end - start).days + 1:
        errors.append(FieldError("研修天数不能多于起止日期之间的天数", field="days", label="研修天数"))
    try:
        cost = Decimal(str(data.get("cost") or "").strip()).quantize(Decimal("0.01"))
        if cost <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        cost = Decimal("0.00")
        errors.append(FieldError("每人研修费用应为大于0的金额（元）", field="cost", label="每人研修费用"))
    if errors:
        raise RuleViolation(errors)
    assert institution is not None and start is not None and end is not None  # noqa: S101 — errors raised above
    cohort = EliteCohort.objects.create(
        round=r,
        name=name,
        institution=institution,
        out_of_province=out,
        occupation=occupation,
        start_date=start,
        end_date=end,
        days=days,
        cost=cost,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="elite.cohort_create",
        obj=cohort,
        changes={"institution": [None, institution.name], "region": [None, cohort.region]},
        summary=f"{r}组建研修班「{name}」（{institution.name}，{cohort.region}研修）",
    )
    return cohort


def _locked(cohort: EliteCohort) -> EliteCohort:
    return (
        EliteCohort.objects.select_for_update(of=("self",))
        .select_related("round", "institution")
        .get(pk=cohort.pk)
    )


@transaction.atomic
def members_add(*, actor, cohort: EliteCohort, nomination_ids) -> list[EliteMember]:
    """Approved people of the round join the cohort; each person is in one cohort of a round."""
    cohort = _locked(cohort)
    require(can_form_elite_cohort(actor, cohort.round))
    ids = {int(i) for i in nomination_ids if str(i).isdigit()}
    chosen = list(
        cohort.round.nominations.filter(pk__in=ids, status=N.APPROVED, member__isnull=True).select_related(
            "person"
        )
    )
    if not chosen or len(chosen) != len(ids):
        raise RuleViolation(
            [FieldError("请勾选本批次已确定、尚未编班的人选", field="nominations", label="人选")]
        )
    added = EliteMember.objects.bulk_create(
        [EliteMember(cohort=cohort, nomination=n, person=n.person) for n in chosen]
    )
    audit.record(
        actor=actor,
        action="elite.members_add",
        obj=cohort,
        changes={"added": [None, len(added)]},
        summary=f"「{cohort.name}」编入学员 {len(added)} 人",
    )
    return added


def _members(cohort: EliteCohort, member_ids) -> list[EliteMember]:
    ids = {int(i) for i in member_ids if str(i).isdigit()}
    chosen = list(cohort.members.filter(pk__in=ids).select_related("person"))
    if not chosen or len(chosen) != len(ids):
        raise RuleViolation([FieldError("请勾选本研修班的学员", field="members", label="学员")])
    return chosen


@transaction.atomic
def attendance_record(*, actor, cohort: EliteCohort, member_ids, days) -> int:
    """The days each chosen member attended, up to the cohort's days."""
    cohort = _locked(cohort)
    require(can_keep_elite_cohort(actor, cohort))
    errors: list[FieldError] = []
    n = _int({"days": days}, "days", "出勤天数", errors, low=0, high=cohort.days)
    if clock.today() < cohort.start_date:
        errors.append(
            FieldError(
                f"研修班 {cohort.start_date:%Y-%m-%d} 开始后才能登记出勤", field="days", label="出勤天数"
            )
        )
    if errors:
        raise RuleViolation(errors)
    chosen = _members(cohort, member_ids)
    closed = [m.person.name for m in chosen if m.outcome != O.ENROLLED]
    if closed:
        raise StateConflict(f"{'、'.join(closed)}已结业或退出，出勤不能再修改")
    EliteMember.objects.filter(pk__in=[m.pk for m in chosen]).update(attended_days=n)
    audit.record(
        actor=actor,
        action="elite.attendance",
        obj=cohort,
        changes={"days": [None, n], "count": [None, len(chosen)]},
        summary=f"「{cohort.name}」{len(chosen)} 人出勤 {n} 天（共 {cohort.days} 天）",
    )
    return len(chosen)


@transaction.atomic
def outcomes_set(*, actor, cohort: EliteCohort, member_ids, outcome: str, on=None) -> int:
    """Members complete (结业: from the cohort's end, with attendance recorded) or drop out; all or none.
    Each member who completes gets one `elite_training` claim, paid to the partner institution."""
    cohort = _locked(cohort)
    require(can_keep_elite_cohort(actor, cohort))
    errors: list[FieldError] = []
    if outcome not in (O.COMPLETED, O.DROPPED):
        errors.append(FieldError("请选择结业或退出", field="outcome", label="结果"))
    day = clock.today() if on in (None, "") else _date(on, "outcome_on", "结果日期", errors)
    if isinstance(day, dt.date):
        if day > clock.today():
            errors.append(FieldError("结果日期不能晚于今天", field="outcome_on", label="结果日期"))
        elif outcome == O.COMPLETED and day < cohort.end_date:
            errors.append(
                FieldError(
                    f"研修班 {cohort.end_date:%Y-%m-%d} 结束后才能登记结业",
                    field="outcome_on",
                    label="结果日期",
                )
            )
        elif day < cohort.start_date:
            errors.append(FieldError("结果日期不能早于研修班开始日期", field="outcome_on", label="结果日期"))
    if errors:
        raise RuleViolation(errors)
    assert day is not None  # noqa: S101 — errors raised above
    chosen = _members(cohort, member_ids)
    for m in chosen:
        if m.outcome != O.ENROLLED:
            errors.append(
                FieldError(f"{m.person.name}已{m.get_outcome_display()}", field="members", label="学员")
            )
        elif outcome == O.COMPLETED and m.attended_days == 0:
            errors.append(
                FieldError(f"{m.person.name}尚未登记出勤，请先登记出勤天数", field="members", label="学员")
            )
    if errors:
        raise RuleViolation(errors)
    EliteMember.objects.filter(pk__in=[m.pk for m in chosen]).update(outcome=outcome, outcome_on=day)
    audit.record(
        actor=actor,
        action="elite.outcomes",
        obj=cohort,
        changes={"outcome": [None, outcome], "count": [None, len(chosen)]},
        summary=f"「{cohort.name}」{len(chosen)} 人{O(outcome).label}",
    )
    if outcome == O.COMPLETED:
        _claims(actor, cohort)
    return len(chosen)


def _claims(actor, cohort: EliteCohort) -> list:
    """One claim per completed member without one (so running it again makes none): kind, region and the
    cost per person are the cohort's; the amount is the engine's."""
    members = list(
        cohort.members.filter(outcome=O.COMPLETED, claim__isnull=True).select_related("person").order_by("id")
    )
    rows = [
        {
            "person": m.person,
            "date": m.outcome_on,
            "occupation": cohort.occupation,
            "facts": {
                "kind": cohort.round.kind,
                "out_of_province": cohort.out_of_province,
                "cost": str(cohort.cost),
            },
        }
        for m in members
    ]
    claims = subsidies.claims_create_for_programme(
        actor=actor, scheme=elite.SCHEME, institution=cohort.institution, rows=rows
    )
    for m, claim in zip(members, claims, strict=True):
        m.claim = claim
    EliteMember.objects.bulk_update(members, ["claim"])
    return claims


@transaction.atomic
def cohort_claims_create(*, actor, cohort: EliteCohort) -> list:
    """Claims for completed members who have none yet (none after the first run: once per member)."""
    cohort = _locked(cohort)
    require(can_keep_elite_cohort(actor, cohort))
    return _claims(actor, cohort)
