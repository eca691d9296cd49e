"""Writes of the supermarket's offers (第17条): one transaction per business action, its audit row inside.

An institution drafts an offer within one of its filing items (第1条: only filed training is subsidised),
publishes it, edits a draft, closes it; HR takes a published offer down with a reason the institution sees
(it may correct and publish again). `search_text` is kept here, by every write of an offer."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.core import clock, uploads
from skillup.core.errors import FieldError, RuleViolation
from skillup.core.fields import text as _text
from skillup.core.permissions import require
from skillup.directory.catalogue import current as current_catalogue
from skillup.market import cache as market_cache
from skillup.market import towns
from skillup.market.models import Offer, OfferPhoto
from skillup.market.permissions import (
    can_close_offer,
    can_create_offer,
    can_edit_offer,
    can_publish_offer,
    can_unpublish_offer,
)
from skillup.policy import catalogue
from skillup.registry.models import Venue
from skillup.registry.services_filing import filed_item

MAX_PRICE = Decimal("100000.00")
MAX_SEATS = 500
PHOTO_FOLDER = "market"
PHOTO_LIMIT = 2 * 1024 * 1024  # 2 MB: a phone photo, resized
PHOTO_KINDS = (uploads.JPEG, uploads.PNG)
MAX_PHOTOS = 6
FIELDS = [
    "title",
    "description",
    "scheme",
    "occupation",
    "level",
    "hours",
    "price",
    "town",
    "venue",
    "venue_text",
    "start_date",
    "end_date",
    "minimum",
    "seats",
    "teachers",
]


def _int(data, name, label, errors, *, low, high) -> int:
    raw = str(data.get(name) if data.get(name) is not None else "").strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors.append(FieldError(f"请填写 {low}–{high} 的整数", field=name, label=label))
        return low
    return int(raw)


def _date(data, name, label, errors) -> dt.date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(FieldError("请填写日期，如 2021-07-01", field=name, label=label))
        return None


def _price(data, errors) -> Decimal:
    raw = data.get("price")
    try:
        price = raw if isinstance(raw, Decimal) else Decimal(str(raw if raw is not None else "").strip())
    except InvalidOperation:
        price = None
    if price is None or not price.is_finite() or price < 0 or price > MAX_PRICE:
        errors.append(FieldError(f"请填写 0–{MAX_PRICE} 元的金额", field="price", label="培训费"))
        return Decimal("0.00")
    if price != price.quantize(Decimal("0.01")):
        errors.append(FieldError("金额最多两位小数", field="price", label="培训费"))
    return price.quantize(Decimal("0.01"))


def venues_for(institution_id: int):
    """The registered places an offer may name: the institution's own and the public training bases."""
    from django.db.models import Q

    return Venue.objects.filter(Q(owner_id=institution_id) | Q(base_from__isnull=False)).order_by("name")


def _scheme(code: str) -> dict | None:
    return next((s for s in catalogue.schemes() if s["code"] == code), None)


def clean_offer(*, institution_id: int, data: dict) -> dict:
    """The offer's fields, checked; raises RuleViolation with every problem at once."""
    errors: list[FieldError] = []
    cleaned: dict = {
        "title": _text(data, "title", "课程名称", errors, limit=100),
        "description": _text(data, "description", "课程介绍", errors, limit=2000, required=False),
        "teachers": _text(data, "teachers", "授课教师", errors, limit=300, required=False),
        "venue_text": _text(data, "venue_text", "上课地点", errors, limit=200, required=False),
        "hours": _int(data, "hours", "课时", errors, low=1, high=2000),
        "minimum": _int(data, "minimum", "成团人数", errors, low=1, high=MAX_SEATS),
        "seats": _int(data, "seats", "名额", errors, low=1, high=MAX_SEATS),
        "price": _price(data, errors),
    }
    if cleaned["seats"] < cleaned["minimum"]:
        errors.append(FieldError("名额不能少于成团人数", field="seats", label="名额"))
    town = str(data.get("town") or "").strip()
    if town not in towns.TOWNS:
        errors.append(FieldError("请选择上课的乡镇（街道）", field="town", label="乡镇（街道）"))
    cleaned["town"] = town
    venue = None
    if data.get("venue") not in (None, ""):
        raw = str(data.get("venue")).strip()
        venue = venues_for(institution_id).filter(pk=int(raw)).first() if raw.isdigit() else None
        if venue is None:
            errors.append(
                FieldError("未找到该登记场地（本机构场地或公共实训基地）", field="venue", label="登记场地")
            )
        elif not cleaned["venue_text"]:
            cleaned["venue_text"] = f"{venue.name}（{venue.address}）"[:200]
    cleaned["venue"] = venue
    if not cleaned["venue_text"] and venue is None:
        errors.append(FieldError("请填写上课地点或选择登记场地", field="venue_text", label="上课地点"))
    start, end = _date(data, "start_date", "开课日期", errors), _date(data, "end_date", "结课日期", errors)
    if (start is None) != (end is None):
        errors.append(
            FieldError("开课和结课日期应同时填写；不填则为“满员开班”", field="end_date", label="结课日期")
        )
    elif start and end and end < start:
        errors.append(FieldError("结课日期不能早于开课日期", field="end_date", label="结课日期"))
    cleaned["start_date"], cleaned["end_date"] = start, end
    scheme = str(data.get("scheme") or "").strip()
    occupation = str(data.get("occupation") or "").strip()
    level = str(data.get("level") or "").strip()
    info = _scheme(scheme)
    if info is None:
        errors.append(FieldError("请选择补贴项目", field="scheme", label="补贴项目"))
    else:
        if info["levels"] and level not in info["levels"]:
            errors.append(FieldError(f"等级应为：{'、'.join(info['levels'])}", field="level", label="等级"))
        if not info["levels"]:
            level = ""
    cleaned.update(scheme=scheme, occupation=occupation, level=level, filing_item=None)
    if info is not None and not errors:
        days = [d for d in (start, end) if d] or [clock.today()]
        item = None
        for day in days:
            item = filed_item(institution_id, scheme=scheme, occupation=occupation, level=level, on=day)
            if item is None:
                what = f"{info['name_zh']} {occupation} {level}".strip()
                errors.append(
                    FieldError(
                        f"本机构在 {day:%Y-%m-%d} 没有有效的“{what}”备案，只能发布备案范围内的课程；"
                        "请先向人社局申请备案",
                        field="occupation",
                        label="职业（工种）",
                    )
                )
                break
        cleaned["filing_item"] = item
        try:
            required = current_catalogue().required_hours(scheme, occupation, level, on=days[-1])
        except KeyError:
            required = None
        if required and cleaned["hours"] < required:
            errors.append(
                FieldError(f"该项目等级要求不少于 {required} 课时（附件2）", field="hours", label="课时")
            )
    if errors:
        raise RuleViolation(errors)
    return cleaned


def search_text_of(offer: Offer) -> str:
    """What a search matches, lower-cased so that one `contains` serves both databases."""
    scheme = catalogue.scheme_names().get(offer.scheme, "")
    parts = [
        offer.title,
        offer.occupation,
        offer.level,
        scheme,
        offer.institution.name,
        offer.town_name,
        offer.venue_text,
        offer.teachers,
    ]
    return " ".join(p for p in parts if p).lower()


def _save(offer: Offer, fields: list[str]) -> None:
    offer.search_text = search_text_of(offer)
    offer.save(update_fields=[*fields, "search_text"])


@transaction.atomic
def offer_create(*, actor, data: dict) -> Offer:
    """A draft offer of the actor's institution, within one of its filing items."""
    require(can_create_offer(actor))
    cleaned = clean_offer(institution_id=actor.organisation_id, data=data)
    offer = Offer(institution_id=actor.organisation_id, created_by=actor, **cleaned)
    offer.search_text = search_text_of(offer)
    offer.save()
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.create",
        obj=offer,
        changes={"title": [None, offer.title], "price": [None, offer.price]},
        summary=f"起草培训课程「{offer.title}」（{offer.occupation}{offer.level}，{offer.price} 元）",
    )
    return offer


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update(of=("self",)).select_related("institution").get(pk=offer.pk)


@transaction.atomic
def offer_update(*, actor, offer: Offer, data: dict) -> Offer:
    offer = _locked(offer)
    require(can_edit_offer(actor, offer))
    cleaned = clean_offer(institution_id=offer.institution_id, data=data)
    tracked = [k for k in cleaned if k not in ("venue", "filing_item")]
    before = audit.snapshot(offer, tracked)
    for name, value in cleaned.items():
        setattr(offer, name, value)
    _save(offer, list(cleaned))
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.update",
        obj=offer,
        changes=audit.diff(before, audit.snapshot(offer, tracked)),
        summary=f"修改培训课程「{offer.title}」",
    )
    return offer


@transaction.atomic
def offer_publish(*, actor, offer: Offer) -> Offer:
    """On the supermarket: the filing must still cover it, and a dated class must not have started."""
    offer = _locked(offer)
    require(can_publish_offer(actor, offer))
    today = clock.today()
    errors = []
    if offer.start_date and offer.start_date < today:
        errors.append(
            FieldError(f"开课日期 {offer.start_date:%Y-%m-%d} 已过，请修改日期后再上架", field="start_date")
        )
    day = offer.end_date or today
    item = filed_item(
        offer.institution_id, scheme=offer.scheme, occupation=offer.occupation, level=offer.level, on=day
    )
    if item is None:
        errors.append(
            FieldError(f"本机构在 {day:%Y-%m-%d} 没有该项目的有效备案，不能上架", field="occupation")
        )
    if errors:
        raise RuleViolation(errors)
    assert item is not None  # noqa: S101 — errors raised above
    before = offer.status
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = timezone.now()
    offer.filing_item = item
    _save(offer, ["status", "published_at", "filing_item"])
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.publish",
        obj=offer,
        changes={"status": [before, offer.status]},
        summary=f"上架培训课程「{offer.title}」",
    )
    return offer


@transaction.atomic
def offer_close(*, actor, offer: Offer) -> Offer:
    offer = _locked(offer)
    require(can_close_offer(actor, offer))
    before = offer.status
    offer.status = Offer.Status.CLOSED
    _save(offer, ["status"])
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.close",
        obj=offer,
        changes={"status": [before, offer.status]},
        summary=f"结束培训课程「{offer.title}」",
    )
    return offer


@transaction.atomic
def offer_unpublish(*, actor, offer: Offer, reason: str) -> Offer:
    """HR takes an offer down; the institution sees why and may correct it and publish again."""
    offer = _locked(offer)
    require(can_unpublish_offer(actor, offer))
    errors: list[FieldError] = []
    reason = _text({"reason": reason}, "reason", "下架原因", errors, limit=300)
    if errors:
        raise RuleViolation(errors)
    offer.status = Offer.Status.UNPUBLISHED
    offer.unpublish_reason = reason
    offer.unpublished_by = actor
    offer.unpublished_at = timezone.now()
    _save(offer, ["status", "unpublish_reason", "unpublished_by", "unpublished_at"])
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.unpublish",
        obj=offer,
        changes={"status": ["published", offer.status], "reason": [None, reason]},
        summary=f"下架培训课程「{offer.title}」（{offer.institution.name}）：{reason}",
    )
    return offer


@transaction.atomic
def offer_photo_add(*, actor, offer: Offer, upload) -> OfferPhoto:
    """A photo of the course: JPG or PNG by its bytes, at most 2 MB, at most six an offer."""
    offer = _locked(offer)
    require(can_edit_offer(actor, offer) if offer.status != "published" else can_close_offer(actor, offer))
    content = uploads.read_capped(upload, PHOTO_LIMIT)
    if content is None:
        raise RuleViolation([FieldError("照片不能超过 2 MB，请压缩后再上传", field="photo", label="照片")])
    kind = uploads.sniff(content)
    if kind not in PHOTO_KINDS:
        raise RuleViolation([FieldError("只能上传 JPG 或 PNG 图片", field="photo", label="照片")])
    assert kind is not None  # noqa: S101 — errors raised above
    if offer.photos.count() >= MAX_PHOTOS:
        raise RuleViolation([FieldError(f"每门课程最多 {MAX_PHOTOS} 张照片", field="photo", label="照片")])
    stored, digest = uploads.store(PHOTO_FOLDER, content, kind.ext)
    photo = OfferPhoto.objects.create(
        offer=offer,
        path=stored,
        content_type=kind.content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
    )
    market_cache.bump()
    audit.record(
        actor=actor,
        action="offer.photo_add",
        obj=offer,
        changes={"photo": [None, digest[:12]]},
        summary=f"为培训课程「{offer.title}」上传照片",
    )
    return photo
