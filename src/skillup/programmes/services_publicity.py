"""Writes of the publicity pages (第21条): an HR officer drafts an article, submits it, a second HR officer
approves or returns it with a reason, and an approved article is published (and may be taken down). One
transaction and one audit row each. An honour entry needs the person's recorded consent; so does any
article linked to a registered person."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import clock
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.fields import date as _date
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.programmes.models_publicity import Article
from skillup.programmes.permissions import (
    can_edit_article,
    can_publish_article,
    can_review_article,
    can_submit_article,
    can_unpublish_article,
    can_write_article,
)
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.validators import validate_id_number

CONTENT = ("kind", "title", "summary", "body", "person_name", "employer_name", "honour_title", "consent_note")


def _person(data: dict, errors: list[FieldError]) -> Person | None:
    raw = str(data.get("id_number") or "").strip()
    if not raw:
        return None
    try:
        number = validate_id_number(raw, today=clock.today())
    except ValueError as exc:
        errors.append(FieldError(str(exc), field="id_number", label="关联人员身份证号"))
        return None
    person = Person.objects.filter(id_hash=crypto.lookup_hash(number)).select_related("employer").first()
    if person is None:
        errors.append(
            FieldError(
                "该身份证号未在系统登记，可不填，只填写姓名", field="id_number", label="关联人员身份证号"
            )
        )
    return person


def _clean(*, actor, data: dict, article: Article | None) -> dict:
    """The article's fields from the form, every problem together; nothing is saved when one is found."""
    errors: list[FieldError] = []
    kind = str(data.get("kind") or "")
    if kind not in Article.Kind.values:
        errors.append(
            FieldError("请选择栏目（典型案例、高技能人才风采或工作动态）", field="kind", label="栏目")
        )
    values: dict[str, Any] = {
        "kind": kind,
        "title": _text(data, "title", "标题", errors, limit=100),
        "summary": _text(data, "summary", "摘要", errors, limit=200, required=False),
        "body": _text(data, "body", "正文", errors, limit=20000),
        "person_name": _text(
            data,
            "person_name",
            "姓名",
            errors,
            limit=50,
            required=kind == "honour" and not data.get("id_number"),
        ),
        "employer_name": _text(data, "employer_name", "工作单位", errors, limit=200, required=False),
        "honour_title": _text(
            data, "honour_title", "技能等级或荣誉称号", errors, limit=100, required=kind == "honour"
        ),
        "consent_note": _text(data, "consent_note", "同意方式", errors, limit=100, required=False),
    }
    person = _person(data, errors)
    if article is not None and not str(data.get("id_number") or "").strip():
        person = article.person  # a blank number on edit keeps the link made before
    consent_raw = str(data.get("consent_on") or "").strip()
    consent_on = _date(consent_raw, "consent_on", "本人同意日期", errors) if consent_raw else None
    if consent_on is not None and consent_on > clock.today():
        errors.append(FieldError("本人同意日期不能晚于今天", field="consent_on", label="本人同意日期"))
    if consent_on is None and not consent_raw and (kind == "honour" or person is not None):
        who = "高技能人才风采" if kind == "honour" else "涉及登记人员的文章"
        errors.append(
            FieldError(
                f"{who}须经本人同意后才能发布：请填写本人同意日期和同意方式（如书面同意书）",
                field="consent_on",
                label="本人同意日期",
            )
        )
    if consent_on is not None and not values["consent_note"]:
        errors.append(
            FieldError("请填写本人同意的方式，如“书面同意书”", field="consent_note", label="同意方式")
        )
    if errors:
        raise RuleViolation(errors)
    if person is not None:
        values["person_name"] = values["person_name"] or person.name
        if not values["employer_name"] and person.employer is not None:
            values["employer_name"] = person.employer.name
    values |= {
        "person": person,
        "consent_on": consent_on,
        "consent_recorded_by": actor if consent_on else None,
    }
    if article is not None and (article.consent_on, article.consent_note) == (
        consent_on,
        values["consent_note"],
    ):
        values["consent_recorded_by"] = article.consent_recorded_by  # unchanged consent keeps who recorded it
    return values


@transaction.atomic
def article_create(*, actor, data: dict) -> Article:
    require(can_write_article(actor))
    values = _clean(actor=actor, data=data, article=None)
    article = Article.objects.create(author=actor, **values)
    audit.record(
        actor=actor,
        action="article.create",
        obj=article,
        changes={"kind": [None, article.kind], "status": [None, "draft"]},
        summary=f"撰写{article.get_kind_display()}「{article.title}」",
    )
    return article


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def article_update(*, actor, article: Article, data: dict) -> Article:
    """The author's changes; an article taken down goes back to draft and through review again."""
    article = _locked(article)
    require(can_edit_article(actor, article))
    values = _clean(actor=actor, data=data, article=article)
    before = article.status
    changes = {
        k: [getattr(article, k), v] for k, v in values.items() if k in CONTENT and getattr(article, k) != v
    }
    for name, value in values.items():
        setattr(article, name, value)
    article.status = Article.Status.DRAFT if before == Article.Status.UNPUBLISHED else before
    article.save()
    audit.record(
        actor=actor,
        action="article.update",
        obj=article,
        changes={k: ["…", "…"] if k == "body" else v for k, v in changes.items()}
        | {"status": [before, article.status]},
        summary=f"修改{article.get_kind_display()}「{article.title}」",
    )
    return article


@transaction.atomic
def article_submit(*, actor, article: Article) -> Article:
    article = _locked(article)
    require(can_submit_article(actor, article))
    before = article.status
    article.status = Article.Status.SUBMITTED
    article.submitted_at = timezone.now()
    article.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="article.submit",
        obj=article,
        changes={"status": [before, article.status]},
        summary=f"提交审核「{article.title}」",
    )
    return article


@transaction.atomic
def article_review(*, actor, article: Article, decision: str, reason: str = "") -> Article:
    """approve → 审核通过待发布; return → back to the author with the reason (required)."""
    article = _locked(article)
    require(can_review_article(actor, article))
    reason = (reason or "").strip()
    errors: list[FieldError] = []
    if decision not in ("approve", "return"):
        errors.append(FieldError("请选择审核意见：通过或退回", field="decision", label="审核意见"))
    if decision == "return" and not reason:
        errors.append(FieldError("退回时请写明原因，撰稿人据此修改", field="reason", label="退回原因"))
    if len(reason) > 500:
        errors.append(FieldError("原因不能超过 500 字", field="reason", label="退回原因"))
    if errors:
        raise RuleViolation(errors)
    approved = decision == "approve"
    article.status = Article.Status.APPROVED if approved else Article.Status.RETURNED
    article.reviewer = actor
    article.reviewed_at = timezone.now()
    article.return_reason = "" if approved else reason
    article.save(update_fields=["status", "reviewer", "reviewed_at", "return_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="article.approve" if approved else "article.return",
        obj=article,
        changes={"status": ["submitted", article.status]} | ({} if approved else {"reason": [None, reason]}),
        summary=f"审核{'通过' if approved else '退回'}「{article.title}」"
        + ("" if approved else f"：{reason}"),
    )
    return article


@transaction.atomic
def article_publish(*, actor, article: Article) -> Article:
    article = _locked(article)
    require(can_publish_article(actor, article))
    article.status = Article.Status.PUBLISHED
    article.published_on = clock.today()
    article.published_by = actor
    article.unpublish_reason = ""
    article.save(update_fields=["status", "published_on", "published_by", "unpublish_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="article.publish",
        obj=article,
        changes={"status": ["approved", "published"]},
        summary=f"发布{article.get_kind_display()}「{article.title}」",
    )
    return article


@transaction.atomic
def article_unpublish(*, actor, article: Article, reason: str) -> Article:
    article = _locked(article)
    require(can_unpublish_article(actor, article))
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise RuleViolation([FieldError("请写明撤下原因（不超过 500 字）", field="reason", label="撤下原因")])
    article.status = Article.Status.UNPUBLISHED
    article.unpublish_reason = reason
    article.save(update_fields=["status", "unpublish_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="article.unpublish",
        obj=article,
        changes={"status": ["published", "unpublished"], "reason": [None, reason]},
        summary=f"撤下「{article.title}」：{reason}",
    )
    return article
