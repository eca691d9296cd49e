"""Writes of the competitions (第12条): one transaction each, with its audit row. An enterprise runs drills for
its own employees (checked against the employment register); HR or a department runs district competitions.
Contestants and scores are lists of identity numbers, all or nothing; publishing ranks the contestants and
gives the awards; the event's subsidy becomes one claim through the subsidies service, quoted by the engine
(enterprise_competition ≤ 3万 per enterprise per year; district_competition ≤ 5万 per event)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.policy.model import CERTIFICATE_LEVELS
from skillup.programmes.models_competitions import CompetitionEvent, Contestant
from skillup.programmes.permissions import (
    can_claim_competition,
    can_create_competition,
    can_keep_competition,
    can_publish_competition,
)
from skillup.registry import crypto
from skillup.registry.facts import FactBook
from skillup.registry.models import Organisation, OrgKind, Person
from skillup.registry.validators import validate_id_number
from skillup.subsidies import services as subsidies

K = CompetitionEvent.Kind
MAX_LINES = 500
TOP_SCORE = Decimal("1000")


def _prizes(data: dict, field: str, label: str, default: int, errors: list) -> int:
    raw = str(data.get(field) if data.get(field) not in (None, "") else default).strip()
    if not raw.isdigit() or int(raw) > 100:
        errors.append(FieldError(f"{label}应为 0–100 的整数", field=field, label=label))
        return 0
    return int(raw)


@transaction.atomic
def event_create(*, actor, data: dict) -> CompetitionEvent:
    """An enterprise's drill or a district competition, with its rules. A district competition names its
    host institution (承办机构), to which the district's project funding (第12条) is paid."""
    kind = str(data.get("kind") or "")
    errors: list[FieldError] = []
    if kind not in K.values:
        raise RuleViolation(
            [FieldError("请选择类型：企业岗位练兵或区级技能竞赛", field="kind", label="类型")]
        )
    require(can_create_competition(actor, kind))
    name = _text(data, "name", "名称", errors, limit=100)
    occupation = _text(data, "occupation", "竞赛职业（工种）", errors, limit=100)
    level = str(data.get("level") or "")
    if level not in CERTIFICATE_LEVELS:
        errors.append(
            FieldError(f"请选择竞赛等级：{'、'.join(CERTIFICATE_LEVELS)}", field="level", label="竞赛等级")
        )
    held_on = _date(data.get("held_on"), "held_on", "竞赛日期", errors)
    venue = _text(data, "venue", "竞赛地点", errors, limit=200)
    rules = _text(data, "rules", "竞赛规则", errors, limit=2000)
    document = _text(data, "document", "竞赛文件（文号）", errors, limit=100, required=False)
    prizes = [
        _prizes(data, "first_prizes", "一等奖名额", 1, errors),
        _prizes(data, "second_prizes", "二等奖名额", 2, errors),
        _prizes(data, "third_prizes", "三等奖名额", 3, errors),
    ]
    host = None
    raw = str(data.get("host") or "")
    if raw:
        host = (
            Organisation.objects.filter(pk=raw, kind=OrgKind.INSTITUTION).first() if raw.isdigit() else None
        )
        if host is None:
            errors.append(FieldError("请从列表中选择承办机构", field="host", label="承办机构"))
    elif kind == K.DISTRICT:
        errors.append(
            FieldError(
                "区级技能竞赛请选择承办机构（区级竞赛项目资助拨付给承办机构）", field="host", label="承办机构"
            )
        )
    if errors:
        raise RuleViolation(errors)
    assert held_on is not None  # noqa: S101 — errors raised above
    event = CompetitionEvent.objects.create(
        kind=kind,
        name=name,
        organiser=actor.organisation,
        host=host,
        occupation=occupation,
        level=level,
        held_on=held_on,
        venue=venue,
        rules=rules,
        document=document,
        first_prizes=prizes[0],
        second_prizes=prizes[1],
        third_prizes=prizes[2],
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="competition.create",
        obj=event,
        changes={"kind": [None, kind], "held_on": [None, held_on.isoformat()]},
        summary=f"{actor.organisation.name} 发布{event.get_kind_display()}「{name}」（{occupation}{level}，"
        f"{held_on:%Y-%m-%d}，{venue}）",
    )
    return event


def _locked(event: CompetitionEvent) -> CompetitionEvent:
    qs = CompetitionEvent.objects.select_for_update(of=("self",)).select_related("organiser", "host")
    return qs.get(pk=event.pk)


def _rows(lines: str, errors: list) -> list[tuple[int, list[str]]]:
    rows = [(i, line.split()) for i, line in enumerate((lines or "").splitlines(), start=1) if line.strip()]
    if not rows:
        errors.append(FieldError("请填写身份证号，每行一个", field="lines", label="身份证号"))
    if len(rows) > MAX_LINES:
        errors.append(FieldError(f"一次最多 {MAX_LINES} 行", field="lines", label="身份证号"))
    return rows


def _people(rows, errors: list) -> dict[int, Person]:
    """The registered person of each line's identity number; a problem per line otherwise."""
    numbers = {}
    for line, parts in rows:
        try:
            numbers[line] = validate_id_number(parts[0], today=clock.today())
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="lines", row=line, label="身份证号"))
    by_hash = {
        p.id_hash: p
        for p in Person.objects.filter(id_hash__in=[crypto.lookup_hash(n) for n in numbers.values()])
    }
    people = {}
    for line, number in numbers.items():
        person = by_hash.get(crypto.lookup_hash(number))
        if person is None:
            errors.append(FieldError("该身份证号未在系统登记", field="lines", row=line, label="身份证号"))
        else:
            people[line] = person
    return people


@transaction.atomic
def contestants_add(*, actor, event: CompetitionEvent, lines: str) -> list[Contestant]:
    """One identity number per line (a name after it is ignored). Every line is checked; any problem and no
    one is registered. A drill's contestants must be the enterprise's employees on the day (用工登记)."""
    event = _locked(event)
    require(can_keep_competition(actor, event))
    errors: list[FieldError] = []
    rows = _rows(lines, errors)
    if errors:
        raise RuleViolation(errors)
    people = _people(rows, errors)
    day = clock.today()
    existing = set(event.contestants.values_list("person_id", flat=True))
    seen: set[int] = set()
    book = FactBook.load(person_ids=[p.pk for p in people.values()])
    employers: dict[int, Organisation | None] = {}
    for line, person in people.items():
        if person.pk in existing or person.pk in seen:
            errors.append(FieldError(f"{person.name}已报名本竞赛", field="lines", row=line, label="身份证号"))
            continue
        seen.add(person.pk)
        if event.kind == K.DRILL:
            if book.employed_at(person.pk, event.organiser_id, day) is None:
                errors.append(
                    FieldError(
                        f"{person.name}在{day:%Y-%m-%d}不是本企业职工（以用工登记为准），岗位练兵只能报名本单位职工",
                        field="lines",
                        row=line,
                        label="身份证号",
                    )
                )
            employers[person.pk] = event.organiser
        else:
            employers[person.pk] = book.employer_on(person.pk, day)
    if errors:
        raise RuleViolation(errors)
    added = Contestant.objects.bulk_create(
        [
            Contestant(event=event, person=p, employer=employers.get(p.pk), registered_on=day)
            for p in people.values()
        ]
    )
    audit.record(
        actor=actor,
        action="competition.contestants_add",
        obj=event,
        changes={"added": [None, len(added)]},
        summary=f"「{event.name}」报名选手 {len(added)} 人",
    )
    return added


def _rank(event: CompetitionEvent, *, awards: bool) -> None:
    """Rank by score, highest first, equal scores sharing a rank (1, 1, 3); with `awards`, the first
    `first_prizes` ranks get 一等奖, the next `second_prizes` 二等奖, the next `third_prizes` 三等奖."""
    people = list(event.contestants.all())
    scores = sorted((c.score for c in people if c.score is not None), reverse=True)
    bounds = (
        (event.first_prizes, Contestant.Award.FIRST),
        (event.first_prizes + event.second_prizes, Contestant.Award.SECOND),
        (event.first_prizes + event.second_prizes + event.third_prizes, Contestant.Award.THIRD),
    )
    for c in people:
        if c.score is None:
            c.rank, c.award = None, ""
            continue
        c.rank = 1 + sum(1 for s in scores if s > c.score)
        c.award = next((a for top, a in bounds if c.rank <= top), "") if awards else ""
    Contestant.objects.bulk_update(people, ["rank", "award"])


@transaction.atomic
def scores_record(*, actor, event: CompetitionEvent, lines: str) -> int:
    """One "身份证号 成绩" per line for registered contestants, from the competition's day; all or none. The
    ranking follows from the scores."""
    event = _locked(event)
    require(can_keep_competition(actor, event))
    errors: list[FieldError] = []
    if clock.today() < event.held_on:
        raise StateConflict(f"竞赛于 {event.held_on:%Y-%m-%d} 举行，举行后才能录入成绩")
    rows = _rows(lines, errors)
    if errors:
        raise RuleViolation(errors)
    people = _people(rows, errors)
    by_person = {c.person_id: c for c in event.contestants.all()}
    scored: dict[int, Decimal] = {}
    for line, parts in rows:
        person = people.get(line)
        if person is None:
            continue
        contestant = by_person.get(person.pk)
        if contestant is None:
            errors.append(FieldError(f"{person.name}未报名本竞赛", field="lines", row=line, label="身份证号"))
            continue
        try:
            score = Decimal(parts[1] if len(parts) > 1 else "").quantize(Decimal("0.01"))
            if not Decimal(0) <= score <= TOP_SCORE:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append(
                FieldError(
                    f"{person.name}的成绩应为 0–{TOP_SCORE} 的数字，写在身份证号后，如：身份证号 92.5",
                    field="lines",
                    row=line,
                    label="成绩",
                )
            )
            continue
        if contestant.pk in scored:
            errors.append(FieldError(f"{person.name}重复填写", field="lines", row=line, label="身份证号"))
        scored[contestant.pk] = score
    if errors:
        raise RuleViolation(errors)
    changed = []
    for pk, score in scored.items():
        c = next(c for c in by_person.values() if c.pk == pk)
        c.score = score
        changed.append(c)
    Contestant.objects.bulk_update(changed, ["score"])
    event.status = CompetitionEvent.Status.SCORED
    event.save(update_fields=["status"])
    _rank(event, awards=False)
    audit.record(
        actor=actor,
        action="competition.scores",
        obj=event,
        changes={"count": [None, len(changed)]},
        summary=f"「{event.name}」录入成绩 {len(changed)} 人",
    )
    return len(changed)


@transaction.atomic
def results_publish(*, actor, event: CompetitionEvent) -> CompetitionEvent:
    """The organiser publishes the results: the ranking is fixed and the awards given. Contestants without
    a score are listed as 未参赛. The results then appear on the public results page."""
    event = _locked(event)
    require(can_publish_competition(actor, event))
    if not event.contestants.filter(score__isnull=False).exists():
        raise RuleViolation([FieldError("请先录入选手成绩", field="lines", label="成绩")])
    _rank(event, awards=True)
    event.status = CompetitionEvent.Status.PUBLISHED
    event.published_on = clock.today()
    event.save(update_fields=["status", "published_on"])
    winners = event.contestants.exclude(award="").count()
    audit.record(
        actor=actor,
        action="competition.publish",
        obj=event,
        changes={"status": ["scored", "published"], "winners": [None, winners]},
        summary=f"「{event.name}」公布成绩，获奖 {winners} 人",
    )
    return event


@transaction.atomic
def claim_create(*, actor, event: CompetitionEvent, cost) -> object:
    """The event's subsidy (第12条) as one claim through the subsidies service: a drill's to the enterprise
    (enterprise_competition, the yearly cap per enterprise), a district competition's to its host institution
    (district_competition). The engine quotes, caps and explains it. Once per event: a second call returns
    the claim made."""
    event = _locked(event)
    require(can_claim_competition(actor, event))
    if event.claim_id:
        return event.claim
    try:
        amount = Decimal(str(cost or "").strip()).quantize(Decimal("0.01"))
        if amount <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise RuleViolation(
            [FieldError("请填写竞赛实际发生的费用（元），大于0", field="cost", label="竞赛实际费用")]
        ) from None
    assert event.published_on is not None  # noqa: S101 — published events have their day
    drill = event.kind == K.DRILL
    (claim,) = subsidies.claims_create_for_programme(
        actor=actor,
        scheme=event.scheme,
        institution=None if drill else event.host,
        enterprise=event.organiser if drill else None,
        rows=[
            {
                "person": None,
                "date": event.published_on,
                "occupation": event.occupation,
                "facts": {"cost": str(amount), "competition": event.name},
            }
        ],
    )
    event.cost = amount
    event.claim = claim
    event.save(update_fields=["cost", "claim"])
    audit.record(
        actor=actor,
        action="competition.claim",
        obj=event,
        changes={"cost": [None, str(amount)], "amount": [None, str(claim.amount)]},
        summary=f"「{event.name}」申领{event.get_kind_display()}补贴，费用 {amount} 元，"
        f"核定 {claim.amount} 元（{claim.get_status_display()}）",
    )
    return claim
