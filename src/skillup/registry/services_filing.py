"""Institution filings (备案) with the HR bureau (第1条: only filed institutions' training is subsidised).

An institution applies with its profile and the schemes/occupations/levels it wants to train; HR approves
with a validity period or rejects with a reason; HR may suspend or revoke an approved filing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import FieldError, NotAllowed, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.directory.catalogue import occupation_problem
from skillup.policy import catalogue
from skillup.registry import permissions
from skillup.registry.models import Filing, FilingItem, Organisation, OrgKind
from skillup.registry.validators import normalise_phone

HR_ROLES = (Role.HR, Role.HR_ADMIN)
# What an assessment institution (评价机构) files for: the certificate families it may issue, named by the
# catalogue scheme each family is trained under (国家职业资格, 职业技能等级, 专项职业能力). 第13条 pays only on
# certificates of "经备案的" assessment bodies.
ASSESSOR_SCHEMES = ("vocational_certificate", "skill_level_certificate", "special_ability")
FILING_KINDS = (OrgKind.INSTITUTION, OrgKind.ASSESSOR)


def _scheme_table() -> dict[str, dict]:
    return {s["code"]: s for s in catalogue.schemes()}


def clean_items(items: list[dict]) -> tuple[list[dict], list[FieldError]]:
    """Each item: {scheme, occupation, levels: list|str, row?}; checked against the policy catalogue. An
    error names the item's row as the form numbers it (`row`, when the form skips blank rows), else its
    place in the list."""
    schemes = _scheme_table()
    cleaned, errors, seen = [], [], set()
    for place, item in enumerate(items, start=1):
        row = item.get("row") or place
        scheme = (item.get("scheme") or "").strip()
        occupation = (item.get("occupation") or "").strip()
        levels = item.get("levels") or []
        if isinstance(levels, str):
            levels = [lv for lv in levels.replace("，", ",").replace("、", ",").split(",") if lv.strip()]
        levels = [lv.strip() for lv in levels]
        info = schemes.get(scheme)
        if info is None:
            errors.append(FieldError(f"未知的补贴项目“{scheme}”", field="scheme", row=row))
            continue
        if info["needs_occupation"] and not occupation:
            errors.append(
                FieldError(f"{info['name_zh']}须填写工种（职业、项目）", field="occupation", row=row)
            )
        problem = occupation_problem(scheme, occupation, today()) if occupation else None
        if problem:
            errors.append(FieldError(problem, field="occupation", row=row))
        bad = [lv for lv in levels if lv not in info["levels"]]
        if bad:
            allowed = "、".join(info["levels"]) or "无等级"
            errors.append(
                FieldError(f"等级“{'、'.join(bad)}”不适用（可选：{allowed}）", field="levels", row=row)
            )
        if (scheme, occupation) in seen:
            errors.append(FieldError("同一项目和工种重复填写", field="occupation", row=row))
        seen.add((scheme, occupation))
        cleaned.append({"scheme": scheme, "occupation": occupation, "levels": ",".join(levels)})
    if not items:
        errors.append(FieldError("请至少填写一项申请备案的项目和工种", field="items"))
    return cleaned, errors


def filing_submit(
    *,
    actor,
    institution: Organisation,
    items: list[dict],
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Filing:
    if institution.kind not in FILING_KINDS:
        raise RuleViolation("只有培训机构或评价机构可以申请备案", field="institution")
    require(permissions.can_apply_filing(actor, institution))
    cleaned, errors = clean_items(items)
    if institution.kind == OrgKind.ASSESSOR:
        allowed = "、".join(s["name_zh"] for s in catalogue.schemes() if s["code"] in ASSESSOR_SCHEMES)
        errors += [
            FieldError(f"评价机构只能备案证书类别：{allowed}", field="scheme", row=row)
            for row, item in enumerate(cleaned, start=1)
            if item["scheme"] not in ASSESSOR_SCHEMES
        ]
    if contact_phone:
        try:
            contact_phone = normalise_phone(contact_phone)
        except ValueError as exc:
            errors.append(FieldError(str(exc), field="contact_phone"))
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        if Filing.objects.filter(institution=institution, status=Filing.Status.SUBMITTED).exists():
            raise StateConflict("本机构已有一份待审核的备案申请，请等待人社局审核后再提交")
        profile = {"address": address, "contact_name": contact_name, "contact_phone": contact_phone}
        changed = {k: v for k, v in profile.items() if v and getattr(institution, k) != v}
        if changed:
            before = audit.snapshot(institution, list(changed))
            for key, value in changed.items():
                setattr(institution, key, value)
            institution.save(update_fields=list(changed))
            audit.record(
                actor=actor,
                action="organisation.update",
                obj=institution,
                changes=audit.diff(before, changed),
            )
        filing = Filing.objects.create(institution=institution, submitted_by=actor)
        FilingItem.objects.bulk_create([FilingItem(filing=filing, **item) for item in cleaned])
        audit.record(
            actor=actor,
            action="filing.submit",
            obj=filing,
            changes={"items": [None, [f"{i['scheme']}/{i['occupation']}/{i['levels']}" for i in cleaned]]},
            summary=f"{institution.name} 申请备案 {len(cleaned)} 项",
        )
    return filing


def institution_apply(
    *,
    actor,
    name: str,
    uscc: str,
    items: list[dict],
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Filing:
    """HR registers an institution that is not yet in the registry together with its filing application
    (both or neither)."""
    from skillup.registry.services import organisation_create

    if actor.role not in HR_ROLES:
        raise NotAllowed("只有人社局可以登记新的培训机构")
    _cleaned, errors = clean_items(items)
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        org = organisation_create(
            actor=actor,
            kind=OrgKind.INSTITUTION,
            name=name,
            uscc=uscc,
            address=address,
            contact_name=contact_name,
            contact_phone=contact_phone,
        )
        return filing_submit(actor=actor, institution=org, items=items)


def _decide(*, actor, filing: Filing, allowed_from: tuple, status: str, reason: str = "", **fields) -> Filing:
    require(permissions.can_decide_filing(actor, filing))
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        if filing.status not in allowed_from:
            raise StateConflict(f"备案当前为“{filing.get_status_display()}”，不能进行此操作")
        before = audit.snapshot(filing, ["status", "valid_from", "valid_until", "reason"])
        filing.status = status
        filing.reason = reason
        filing.decided_by = actor
        filing.decided_at = timezone.now()
        for key, value in fields.items():
            setattr(filing, key, value)
        filing.save()
        audit.record(
            actor=actor,
            action=f"filing.{status}",
            obj=filing,
            changes=audit.diff(
                before, audit.snapshot(filing, ["status", "valid_from", "valid_until", "reason"])
            ),
            summary=f"{filing.institution.name} 备案{filing.get_status_display()}"
            + (f"：{reason}" if reason else ""),
        )
    return filing


def plan_end() -> dt.date | None:
    """The last day of the implementation plan (实施方案) whose subsidies a filing serves."""
    return catalogue.default_catalogue().plan_window[1]


def beyond_plan(valid_until: dt.date | None) -> dt.date | None:
    """The plan's end when a filing is valid past it (the officer is warned: after that day no training
    is subsidised under this plan, whatever the filing says), else None."""
    end = plan_end()
    if valid_until is not None and end is not None and valid_until > end:
        return end
    return None


def filing_approve(
    *, actor, filing: Filing, valid_from: dt.date | None, valid_until: dt.date | None
) -> Filing:
    errors = []
    if valid_until is None:
        errors.append(FieldError("请填写有效期止", field="valid_until"))
    valid_from = valid_from or today()
    if valid_until is not None and valid_until < valid_from:
        errors.append(FieldError("有效期止不能早于有效期起", field="valid_until"))
    if errors:
        raise RuleViolation(errors)
    return _decide(
        actor=actor,
        filing=filing,
        allowed_from=(Filing.Status.SUBMITTED,),
        status=Filing.Status.APPROVED,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写原因", field="reason")
    return reason[:300]


def filing_reject(*, actor, filing: Filing, reason: str) -> Filing:
    return _decide(
        actor=actor,
        filing=filing,
        allowed_from=(Filing.Status.SUBMITTED,),
        status=Filing.Status.REJECTED,
        reason=_need_reason(reason),
    )


def filing_suspend(*, actor, filing: Filing, reason: str) -> Filing:
    return _decide(
        actor=actor,
        filing=filing,
        allowed_from=(Filing.Status.APPROVED,),
        status=Filing.Status.SUSPENDED,
        reason=_need_reason(reason),
    )


def filing_revoke(*, actor, filing: Filing, reason: str) -> Filing:
    return _decide(
        actor=actor,
        filing=filing,
        allowed_from=(Filing.Status.APPROVED, Filing.Status.SUSPENDED),
        status=Filing.Status.REVOKED,
        reason=_need_reason(reason),
    )


def filed_item(
    institution_id: int, *, scheme: str, occupation: str, level: str, on: dt.date
) -> FilingItem | None:
    """The filing item that lets the institution train this scheme/occupation/level on that day."""
    items = FilingItem.objects.filter(
        filing__institution_id=institution_id,
        filing__status=Filing.Status.APPROVED,
        filing__valid_from__lte=on,
        filing__valid_until__gte=on,
        scheme=scheme,
        occupation=occupation or "",
    )
    for item in items:
        if not item.level_list or not level or level in item.level_list:
            return item
    return None
