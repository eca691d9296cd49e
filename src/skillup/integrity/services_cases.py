"""Writes of cases (issue 11 item 4): open a case from findings, assign it, record its steps and
evidence, decide it, and follow a confirmed case up (suspend the institution's filing).

Each function is one business action in one transaction with its audit row and a `CaseEvent`; nothing
is edited or deleted afterwards. The outcome settles the case's findings:
- cleared → its findings are cleared with the case's reason (the money they held is free at once);
- confirmed → its findings are confirmed (they go on holding), the claims they concern that are not paid
  are rejected (`subsidies.services.claims_reject_for_case`, the commitment released in the fund), and
  amounts already paid become recovery receivables (`fund.recovery.recovery_raise`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.numbering import next_number
from skillup.core.permissions import require
from skillup.fund.recovery import recovery_raise
from skillup.integrity import evidence as evidence_files
from skillup.integrity.engine import LABELS
from skillup.integrity.models import Case, CaseEvent, Evidence, Finding
from skillup.integrity.permissions import (
    ASSIGNABLE,
    can_add_case_findings,
    can_assign_case,
    can_clear_case,
    can_confirm_case,
    can_open_case,
    can_suspend_filing_for_case,
    can_work_case,
)
from skillup.integrity.selectors_cases import case_claims
from skillup.registry.models import Filing
from skillup.registry.services_filing import filing_suspend
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claims_reject_for_case

K = CaseEvent.Kind
F = Finding.Status
# A finding goes into a case while it is still undecided (a lapsed one may still be investigated: the
# data stopped showing it, which is not the same as it being innocent).
UNDECIDED = (F.OPEN, F.LAPSED)


def _text(value, *, field: str, label: str, minimum: int = 1, maximum: int = 2000) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        need = f"（至少 {minimum} 个字）" if minimum > 1 else ""
        raise RuleViolation([FieldError(f"请填写{label}{need}", field=field, label=label)])
    return text[:maximum]


def _event(case: Case, kind: str, summary: str, actor, details: dict | None = None) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, summary=summary, details=details or {}, actor=actor)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _assignee(user) -> User | None:
    if user in (None, ""):
        return None
    if not isinstance(user, User):
        user = User.objects.filter(pk=user).first()
    if user is None or user.role not in ASSIGNABLE or not user.is_active:
        raise RuleViolation(
            [FieldError("承办人应为在岗的人社局或第三方评估人员", field="assignee", label="承办人")]
        )
    return user


def _one(ids: set, what: str) -> int | None:
    ids.discard(None)
    if len(ids) > 1:
        raise RuleViolation(
            [FieldError(f"所选线索涉及多个{what}，请按{what}分别立案", field="findings", label="线索")]
        )
    return next(iter(ids), None)


def _check_findings(findings: list[Finding], case: Case | None = None) -> list[Finding]:
    if not findings:
        raise RuleViolation([FieldError("请至少选择一条线索", field="findings", label="线索")])
    locked = list(Finding.objects.select_for_update().filter(pk__in=[f.pk for f in findings]).order_by("id"))
    problems = []
    others = Case.objects.filter(status=Case.Status.OPEN)
    if case is not None:
        others = others.exclude(pk=case.pk)
    for f in locked:
        if f.status not in UNDECIDED:
            problems.append(f"线索 #{f.pk} 已「{f.get_status_display()}」，不能再立案")
        elif other := others.filter(findings=f).first():
            problems.append(f"线索 #{f.pk} 已在调查中的案件 {other.code} 里")
        elif case is not None and f.cases.filter(pk=case.pk).exists():
            problems.append(f"线索 #{f.pk} 已在本案中")
    if problems:
        raise RuleViolation([FieldError(p, field="findings", label="线索") for p in problems])
    return locked


def _label(f: Finding) -> str:
    return f"#{f.pk} {f.get_subject_type_display()} {f.subject_ref}「{LABELS.get(f.signal, f.signal)}」"


def case_open(*, actor, findings, title: str, assignee=None) -> Case:
    """HR opens a case from one or more undecided findings of one institution (or of people only)."""
    require(can_open_case(actor))
    title = _text(title, field="title", label="案件名称", maximum=200)
    assignee = _assignee(assignee)
    day = today()
    with transaction.atomic():
        chosen = _check_findings(list(findings))
        institution_id = _one({f.institution_id for f in chosen}, "培训机构")
        department_id = _one({f.department_id for f in chosen}, "主管部门") if institution_id else None
        n = next_number(
            f"integrity_case:{day.year}",
            floor=lambda: Case.objects.filter(code__startswith=f"HC{day.year}").count(),
        )
        case = Case.objects.create(
            code=f"HC{day.year}{n:04d}",
            title=title,
            institution_id=institution_id,
            department_id=department_id,
            assignee=assignee,
            opened_by=actor,
        )
        case.findings.add(*chosen)
        _event(
            case,
            K.OPENED,
            f"立案：{title}；线索 " + "、".join(_label(f) for f in chosen),
            actor,
            {"findings": [f.pk for f in chosen]},
        )
        if assignee is not None:
            _event(case, K.ASSIGNED, f"指派承办人：{assignee.display_name}", actor, {"assignee": assignee.pk})
        audit.record(
            actor=actor,
            action="integrity.case_open",
            obj=case,
            changes={"findings": [f.pk for f in chosen], "assignee": getattr(assignee, "pk", None)},
            summary=f"立案 {case.code}：{title}（线索 {len(chosen)} 条）",
        )
    return case


def case_findings_add(*, actor, case: Case, findings) -> Case:
    """More findings go into an open case (the same institution's, or people's)."""
    with transaction.atomic():
        case = _locked(case)
        require(can_add_case_findings(actor, case))
        chosen = _check_findings(list(findings), case)
        institution_id = _one({case.institution_id} | {f.institution_id for f in chosen}, "培训机构")
        if case.institution_id is None and institution_id is not None:
            case.institution_id = institution_id
            case.department_id = _one({f.department_id for f in chosen}, "主管部门")
            case.save(update_fields=["institution", "department"])
        case.findings.add(*chosen)
        _event(
            case,
            K.FINDING_ADDED,
            "并入线索 " + "、".join(_label(f) for f in chosen),
            actor,
            {"findings": [f.pk for f in chosen]},
        )
        audit.record(
            actor=actor,
            action="integrity.case_findings_add",
            obj=case,
            changes={"findings": [None, [f.pk for f in chosen]]},
            summary=f"案件 {case.code} 并入线索 {len(chosen)} 条",
        )
    return case


def case_assign(*, actor, case: Case, assignee) -> Case:
    """HR assigns (or reassigns) the case to an HR officer or a third-party evaluator."""
    assignee = _assignee(assignee)
    if assignee is None:
        raise RuleViolation([FieldError("请选择承办人", field="assignee", label="承办人")])
    with transaction.atomic():
        case = _locked(case)
        require(can_assign_case(actor, case))
        if case.assignee_id == assignee.pk:
            raise StateConflict(f"{assignee.display_name} 已是本案承办人")
        before = case.assignee_id
        case.assignee = assignee
        case.save(update_fields=["assignee"])
        verb = "改派" if before else "指派"
        _event(case, K.ASSIGNED, f"{verb}承办人：{assignee.display_name}", actor, {"assignee": assignee.pk})
        audit.record(
            actor=actor,
            action="integrity.case_assign",
            obj=case,
            changes={"assignee": [before, assignee.pk]},
            summary=f"案件 {case.code} {verb}承办人 {assignee.display_name}",
        )
    return case


def _date(value, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise RuleViolation(
                [FieldError(f"请填写{label}（年-月-日）", field=field, label=label)]
            ) from None
    if day > today():
        raise RuleViolation([FieldError(f"{label}不能晚于今天", field=field, label=label)])
    return day


def _step(kind: str, data: dict) -> tuple[str, dict]:
    """The summary and details of one step, checked field by field (all problems at once)."""
    errors: list[FieldError] = []

    def take(fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except RuleViolation as exc:
            errors.extend(exc.errors)
            return None

    if kind == K.NOTE:
        text = take(_text, data.get("text"), field="text", label="工作记录")
        details = {"text": text}
        summary = f"工作记录：{text}"
    elif kind == K.INTERVIEW:
        mode = (data.get("mode") or "").strip()
        if mode not in ("约谈", "电话核实"):
            errors.append(FieldError("请选择方式：约谈或电话核实", field="mode", label="方式"))
        who = take(_text, data.get("who"), field="who", label="被约谈/核实人", maximum=200)
        day = take(_date, data.get("on"), field="on", label="日期")
        said = take(_text, data.get("said"), field="said", label="陈述内容", minimum=4)
        details = {"mode": mode, "who": who, "on": day.isoformat() if day else None, "said": said}
        summary = f"{mode}：{who}（{details['on']}）：{said}"
    elif kind == K.ONSITE:
        place = take(_text, data.get("place"), field="place", label="核查地点", maximum=200)
        day = take(_date, data.get("on"), field="on", label="核查日期")
        seen = take(_text, data.get("seen"), field="seen", label="核查情况", minimum=4)
        details = {"place": place, "on": day.isoformat() if day else None, "seen": seen}
        summary = f"现场核查：{place}（{details['on']}）：{seen}"
    else:
        raise RuleViolation("办案记录的类型应为工作记录、约谈/电话核实或现场核查", field="kind")
    if errors:
        raise RuleViolation(errors)
    return summary, details


def case_step_record(*, actor, case: Case, kind: str, data: dict) -> CaseEvent:
    """A step of the investigation: a note; an interview or phone check (who, when, what was said); an
    on-site check (where, when, what was seen)."""
    summary, details = _step(kind, data)
    with transaction.atomic():
        case = _locked(case)
        require(can_work_case(actor, case))
        event = _event(case, kind, summary, actor, details)
        audit.record(
            actor=actor,
            action="integrity.case_step",
            obj=case,
            changes={"kind": kind, "event": event.pk},
            summary=f"案件 {case.code} {event.get_kind_display()}",
        )
    return event


def case_evidence_add(*, actor, case: Case, upload, note: str = "") -> Evidence:
    """An evidence file for the case: checked whole before anything is written; the file is removed
    again when the transaction fails, so a refused upload leaves nothing behind."""
    require(can_work_case(actor, case))
    content, kind, original = evidence_files.read(upload)
    note = (note or "").strip()[:500]
    stored, digest = evidence_files.store(content, kind)
    try:
        with transaction.atomic():
            case = _locked(case)
            require(can_work_case(actor, case))
            event = _event(
                case,
                K.EVIDENCE,
                f"上传证据：{original}（{kind.label}，{len(content) // 1024 or 1} KB）"
                + (f"：{note}" if note else ""),
                actor,
                {"sha256": digest, "note": note},
            )
            ev = Evidence.objects.create(
                case=case,
                event=event,
                original_name=original,
                stored_name=stored,
                content_type=kind.content_type,
                size=len(content),
                sha256=digest,
                uploaded_by=actor,
            )
            audit.record(
                actor=actor,
                action="integrity.case_evidence",
                obj=case,
                changes={
                    "evidence": ev.pk,
                    "sha256": digest,
                    "size": len(content),
                    "type": kind.content_type,
                },
                summary=f"案件 {case.code} 上传证据 {original}",
            )
    except BaseException:
        evidence_files.remove(stored)
        raise
    return ev


def case_close(*, actor, case: Case, outcome: str, reason: str) -> Case:
    """The case's outcome with its reason (see the module's docstring for what follows)."""
    if outcome not in Case.Outcome.values:
        raise RuleViolation([FieldError("请选择结论：排除或查实", field="outcome", label="结论")])
    reason = _text(reason, field="reason", label="结论说明", minimum=4)
    with transaction.atomic():
        case = _locked(case)
        require(
            can_clear_case(actor, case) if outcome == Case.Outcome.CLEARED else can_confirm_case(actor, case)
        )
        findings = list(case.findings.select_for_update().filter(status__in=UNDECIDED).order_by("id"))
        now = timezone.now()
        details: dict = {"findings": [f.pk for f in findings]}
        if outcome == Case.Outcome.CLEARED:
            for f in findings:
                f.status, f.cleared_by, f.cleared_at = F.CLEARED, actor, now
                f.clear_reason = f"核查案件 {case.code} 排除：{reason}"[:500]
            Finding.objects.bulk_update(findings, ["status", "cleared_by", "cleared_at", "clear_reason"])
            summary = f"办结（排除）：{reason}；线索 {len(findings)} 条排除，暂缓的资金恢复审核和支付"
        else:
            for f in findings:
                f.status = F.CONFIRMED
            Finding.objects.bulk_update(findings, ["status"])
            rejected, receivables = _consequences(actor, case, reason)
            details["rejected"] = rejected
            details["receivables"] = {str(k): f"{v:.2f}" for k, v in receivables.items()}
            summary = (
                f"办结（查实）：{reason}；退回未支付申领 {len(rejected)} 笔，"
                f"已支付 {len(receivables)} 笔转为应追回款"
            )
        case.status, case.outcome, case.outcome_reason = Case.Status.CLOSED, outcome, reason
        case.closed_by, case.closed_at = actor, now
        case.save(update_fields=["status", "outcome", "outcome_reason", "closed_by", "closed_at"])
        _event(case, K.OUTCOME, summary, actor, details)
        if details.get("receivables"):
            total = sum(Decimal(v) for v in details["receivables"].values())
            _event(
                case,
                K.RECOVERY,
                f"已支付补贴 {len(details['receivables'])} 笔共 {total:.2f} 元登记为应收追回款，待财政局登记到账",
                actor,
                {"receivables": details["receivables"]},
            )
        audit.record(
            actor=actor,
            action=f"integrity.case_{outcome}",
            obj=case,
            changes={
                "status": [Case.Status.OPEN, Case.Status.CLOSED],
                "outcome": outcome,
                "findings": details["findings"],
                "rejected": details.get("rejected", []),
                "receivables": details.get("receivables", {}),
            },
            summary=f"案件 {case.code} {summary}",
        )
    return case


def _consequences(actor, case: Case, reason: str) -> tuple[list[int], dict[int, Decimal]]:
    """A confirmed case's claims: the unpaid ones rejected, the paid ones made recovery receivables."""
    claims = list(case_claims(case).select_related(None))
    paying = [c for c in claims if c.status == Claim.Status.IN_BATCH]
    if paying:
        raise StateConflict(
            "案件涉及的以下申领正在支付中，请待银行回盘后再办结："
            + "、".join(f"#{c.pk}" for c in paying[:20])
        )
    rejected = claims_reject_for_case(
        actor=actor, claim_ids=[c.pk for c in claims], reason=f"核查案件 {case.code} 查实：{reason}"[:500]
    )
    paid = [c for c in claims if c.status == Claim.Status.PAID]
    entries = recovery_raise(actor=actor, claims=paid, reference=f"核查案件 {case.code}") if paid else []
    return [c.pk for c in rejected], {e.claim_id: e.total for e in entries if e.claim_id is not None}


def case_filing_suspend(*, actor, case: Case, reason: str = "") -> Case:
    """From a confirmed case, HR suspends the institution's approved filings (registry's own service,
    with the case code in the reason): no new class of it is approved or subsidised while suspended."""
    with transaction.atomic():
        case = _locked(case)
        require(can_suspend_filing_for_case(actor, case))
        filings = list(
            Filing.objects.filter(institution_id=case.institution_id, status=Filing.Status.APPROVED)
        )
        if not filings:
            raise StateConflict("该机构当前没有有效的备案，无需暂停")
        why = f"核查案件 {case.code} 查实：{(reason or '').strip() or case.outcome_reason}"[:300]
        for filing in filings:
            filing_suspend(actor=actor, filing=filing, reason=why)
        case.filing_suspended = True
        case.save(update_fields=["filing_suspended"])
        _event(
            case,
            K.FILING,
            f"暂停机构备案（{len(filings)} 项）：{why}",
            actor,
            {"filings": [f.pk for f in filings]},
        )
        audit.record(
            actor=actor,
            action="integrity.case_filing_suspend",
            obj=case,
            changes={"filings": [f.pk for f in filings], "filing_suspended": [False, True]},
            summary=f"根据案件 {case.code} 暂停 {filings[0].institution.name} 备案",
        )
    return case
