"""Writes of the skill-master studios (第18条): one transaction per business action, its audit row inside.

apply (enterprise / institution) → HR names it or turns it down → the host reports every year → HR rates
the report (优秀 / 合格 / 不合格) → HR may withdraw the title with a reason."""

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.fields import count as _count
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.programmes.models import Studio, StudioReview
from skillup.programmes.permissions import (
    can_apply_studio,
    can_decide_studio,
    can_rate_review,
    can_report_studio,
    can_withdraw_studio,
)
from skillup.registry.facts import FactBook
from skillup.registry.models import OrgKind
from skillup.registry.selectors import person_by_id_number
from skillup.registry.validators import validate_id_number


@transaction.atomic
def studio_apply(*, actor, data: dict) -> Studio:
    """The actor's organisation applies with its master (identified by ID number, registered in SkillUp).
    An enterprise's master must work there on the day of the application."""
    require(can_apply_studio(actor))
    errors: list[FieldError] = []
    name = _text(data, "name", "工作室名称", errors, limit=100)
    title = _text(data, "master_title", "领办人技能等级或称号", errors, limit=100)
    occupation = _text(data, "occupation", "技能领域（职业）", errors, limit=100)
    plan = _text(data, "plan", "建设方案", errors, limit=4000)
    level = str(data.get("level") or Studio.Level.DISTRICT)
    if level not in Studio.Level.values:
        errors.append(FieldError("请选择申报级别", field="level", label="申报级别"))
    master = None
    number = str(data.get("id_number") or "").strip().upper()
    try:
        number = validate_id_number(number, today=clock.today())
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="id_number", label="领办人身份证号"))
    else:
        master = person_by_id_number(number)
        if master is None:
            errors.append(
                FieldError("该身份证号未在系统登记，请先登记人员", field="id_number", label="领办人身份证号")
            )
    host = actor.organisation
    today = clock.today()
    if master is not None and host.kind == OrgKind.ENTERPRISE:
        book = FactBook.load(person_ids=[master.pk], enterprise_ids=[host.pk])
        if book.employed_at(master.pk, host.pk, today) is None:
            errors.append(
                FieldError(
                    f"{master.name}目前不是{host.name}的职工，请先登记劳动关系",
                    field="id_number",
                    label="领办人身份证号",
                )
            )
    if (
        name
        and Studio.objects.filter(host=host, name=name).exclude(status__in=("rejected", "withdrawn")).exists()
    ):
        errors.append(FieldError("本单位已有同名工作室", field="name", label="工作室名称"))
    if errors:
        raise RuleViolation(errors)
    assert master is not None  # noqa: S101 — errors raised above
    studio = Studio.objects.create(
        name=name,
        host=host,
        master=master,
        master_title=title,
        occupation=occupation,
        level=level,
        plan=plan,
        applied_by=actor,
    )
    audit.record(
        actor=actor,
        action="studio.apply",
        obj=studio,
        changes={"name": [None, name], "master": [None, master.id_masked], "level": [None, level]},
        summary=f"{host.name} 申报技能大师工作室「{name}」（领办人 {master.name}）",
    )
    return studio


def _locked(studio: Studio) -> Studio:
    return Studio.objects.select_for_update(of=("self",)).select_related("host", "master").get(pk=studio.pk)


@transaction.atomic
def studio_name(*, actor, studio: Studio, level: str, document: str, named_on=None) -> Studio:
    """HR names the studio at a level (企业级 / 区级, or records a city / provincial naming) under a document."""
    studio = _locked(studio)
    require(can_decide_studio(actor, studio))
    errors: list[FieldError] = []
    if level not in Studio.Level.values:
        errors.append(FieldError("请选择命名级别", field="level", label="命名级别"))
    document = _text({"document": document}, "document", "命名文号", errors, limit=100)
    day = clock.today() if named_on in (None, "") else _date(named_on, "named_on", "命名日期", errors)
    if day is not None and day > clock.today():
        errors.append(FieldError("命名日期不能晚于今天", field="named_on", label="命名日期"))
    if errors:
        raise RuleViolation(errors)
    before = {"status": studio.status, "level": studio.level}
    studio.status = Studio.Status.NAMED
    studio.level = level
    studio.named_on = day
    studio.named_document = document
    studio.decided_by = actor
    studio.decided_at = timezone.now()
    studio.save(update_fields=["status", "level", "named_on", "named_document", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="studio.name",
        obj=studio,
        changes=audit.diff(before, {"status": studio.status, "level": level})
        | {"document": [None, document]},
        summary=f"命名「{studio.name}」为{studio.get_level_display()}技能大师工作室（{document}）",
    )
    return studio


@transaction.atomic
def studio_reject(*, actor, studio: Studio, reason: str) -> Studio:
    studio = _locked(studio)
    require(can_decide_studio(actor, studio))
    errors: list[FieldError] = []
    reason = _text({"reason": reason}, "reason", "未通过原因", errors, limit=300)
    if errors:
        raise RuleViolation(errors)
    studio.status = Studio.Status.REJECTED
    studio.reason = reason
    studio.decided_by = actor
    studio.decided_at = timezone.now()
    studio.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="studio.reject",
        obj=studio,
        changes={"status": ["applied", "rejected"], "reason": [None, reason]},
        summary=f"「{studio.name}」未通过评审：{reason}",
    )
    return studio


@transaction.atomic
def studio_report(*, actor, studio: Studio, data: dict) -> StudioReview:
    """The host's yearly report: a year from the naming year to this one, once per year."""
    studio = _locked(studio)
    require(can_report_studio(actor, studio))
    errors: list[FieldError] = []
    year_raw = str(data.get("year") or "").strip()
    this_year = clock.today().year
    first = studio.named_on.year if studio.named_on else this_year
    year = int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None
    if year is None or not first <= year <= this_year:
        errors.append(FieldError(f"考核年度应在 {first}–{this_year} 年之间", field="year", label="考核年度"))
    taught = _count(data, "trainees_taught", "带徒传技人数", errors)
    certified = _count(data, "certified", "其中取得证书或晋升等级人数", errors)
    if certified > taught:
        errors.append(
            FieldError("不能多于带徒传技人数", field="certified", label="其中取得证书或晋升等级人数")
        )
    results = _text(data, "results", "攻关、推广与交流成果", errors, limit=4000)
    if year is not None and StudioReview.objects.filter(studio=studio, year=year).exists():
        errors.append(FieldError(f"{year} 年度的考核材料已提交", field="year", label="考核年度"))
    if errors:
        raise RuleViolation(errors)
    assert year is not None  # noqa: S101 — errors raised above
    review = StudioReview.objects.create(
        studio=studio,
        year=year,
        trainees_taught=taught,
        certified=certified,
        results=results,
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action="studio.report",
        obj=review,
        changes={"year": [None, year], "trainees_taught": [None, taught], "certified": [None, certified]},
        summary=f"「{studio.name}」提交 {year} 年度考核材料（带徒 {taught} 人）",
    )
    return review


@transaction.atomic
def review_rate(*, actor, review: StudioReview, rating: str, comment: str = "") -> StudioReview:
    """HR rates a yearly report; 不合格 needs a comment (the host is told why)."""
    review = StudioReview.objects.select_for_update(of=("self",)).select_related("studio").get(pk=review.pk)
    require(can_rate_review(actor, review))
    errors: list[FieldError] = []
    if rating not in StudioReview.Rating.values:
        errors.append(FieldError("请选择考核等次", field="rating", label="考核等次"))
    comment = _text({"comment": comment}, "comment", "考核意见", errors, limit=300, required=rating == "fail")
    if errors:
        raise RuleViolation(errors)
    review.rating = rating
    review.comment = comment
    review.rated_by = actor
    review.rated_at = timezone.now()
    review.save(update_fields=["rating", "comment", "rated_by", "rated_at"])
    audit.record(
        actor=actor,
        action="studio.rate",
        obj=review,
        changes={"rating": [None, rating]},
        summary=f"「{review.studio.name}」{review.year} 年度考核：{review.get_rating_display()}",
    )
    return review


@transaction.atomic
def studio_withdraw(*, actor, studio: Studio, reason: str) -> Studio:
    studio = _locked(studio)
    require(can_withdraw_studio(actor, studio))
    errors: list[FieldError] = []
    reason = _text({"reason": reason}, "reason", "撤销原因", errors, limit=300)
    if errors:
        raise RuleViolation(errors)
    studio.status = Studio.Status.WITHDRAWN
    studio.reason = reason
    studio.withdrawn_on = clock.today()
    studio.save(update_fields=["status", "reason", "withdrawn_on"])
    audit.record(
        actor=actor,
        action="studio.withdraw",
        obj=studio,
        changes={"status": ["named", "withdrawn"], "reason": [None, reason]},
        summary=f"撤销技能大师工作室「{studio.name}」：{reason}",
    )
    return studio
