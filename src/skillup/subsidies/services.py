"""Writes of claims: creation from a class's results or by application, and correction after refusal.

Review (the three approval steps, single and bulk) lives in `review.py`. Each function is one transaction
with its audit rows; the people or enterprises whose caps a claim counts against are locked first.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.certificates import services as certificate_services
from skillup.core.clock import today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.policy.catalogue import default_catalogue, scheme_names
from skillup.registry import payees
from skillup.registry.facts import employers_on
from skillup.registry.models import Organisation, Person
from skillup.subsidies import checks, living, routing, verification
from skillup.subsidies.funding import funding
from skillup.subsidies.models import Claim, ClaimReview
from skillup.subsidies.permissions import (
    BEFORE_PAYMENT,
    CLASS_OPEN,
    can_apply,
    can_claim_for_class,
    can_correct_claim,
    can_reject_for_case,
    can_resubmit_claim,
)
from skillup.subsidies.selectors import claim_applicant_person

S = Claim.Status

# Which schemes a trainee (第13条, 附件2 职业技能等级) or an enterprise (第9–12条) applies for on their own is
# the catalogue's `applicant:` of each scheme (policy/catalogue/schemes.yaml).


def applicant_schemes(role: str) -> list[str]:
    return [s.code for s in default_catalogue().schemes_for(role)]


# Facts an applicant states (QUOTE.md fields); everything else comes from the records.
APPLICATION_FACTS = ("occupation", "level", "cost", "kind", "months", "year_of_scheme", "days")


def _scheme(code: str):
    scheme = default_catalogue().scheme(code)
    if scheme is None:
        raise RuleViolation("未知的补贴项目", field="scheme")
    return scheme


def _payee(
    scheme_payee: str, *, person: Person | None, institution: Organisation | None, enterprise
) -> tuple:
    """(kind, name, account): a person's account is their card, or by identity number (registry.payees)."""
    if scheme_payee == "person" and person is not None:
        return Claim.Payee.PERSON, person.name, payees.person_account(person)
    if scheme_payee == "institution" and institution is not None:
        return Claim.Payee.INSTITUTION, institution.name, payees.organisation_account(institution)
    if enterprise is not None:
        return Claim.Payee.ENTERPRISE, enterprise.name, payees.organisation_account(enterprise)
    if person is not None:
        return Claim.Payee.PERSON, person.name, payees.person_account(person)
    if institution is None:
        raise ValueError("a claim names the person, enterprise or institution it pays")
    return Claim.Payee.INSTITUTION, institution.name, payees.organisation_account(institution)


CHECK_DECISIONS: dict[str, str] = {S.CHECKED: "passed", S.CERT_PENDING: "cert_pending"}


def _save_new(claims: list[Claim], *, actor, action: str) -> list[Claim]:
    for claim in claims:
        claim.status = checks.status_after_check(claim)
    created = Claim.objects.bulk_create(claims)
    ClaimReview.objects.bulk_create(
        [
            ClaimReview(
                claim_id=c.pk,
                step=ClaimReview.Step.CHECK,
                decision=CHECK_DECISIONS.get(c.status, "refused"),
                reason="" if c.eligible else checks.refusal_text(c.refusals),
                actor=None,
            )
            for c in created
        ]
    )
    audit.record_many(
        actor=actor,
        action=action,
        items=[
            (
                c,
                {"status": c.status, "amount": c.amount, "refusals": c.refusals},
                f"{c.payee_name} {scheme_names().get(c.scheme, c.scheme)} {c.amount} 元 {c.get_status_display()}",
            )
            for c in created
        ],
    )
    return created


def claims_create_for_class(*, actor, klass, cost=None, kind: str | None = None) -> list[Claim]:
    """One claim per passed trainee of the class not yet claimed (API: POST /classes/{code}/claims).
    For "up to" schemes the institution states the actual cost per trainee (and the kind where the scheme
    has kinds); without it the claims are refused as incomplete and can be resubmitted."""
    from skillup.training.models import Result

    extra = {}
    if cost not in (None, ""):
        try:
            amount = Decimal(str(cost)).quantize(Decimal("0.01"))
            if amount <= 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise RuleViolation("每人实际培训费用应为大于0的金额（元）", field="cost") from None
        extra["cost"] = str(amount)
    if kind:
        extra["kind"] = str(kind)[:20]

    require(can_claim_for_class(actor, klass))
    if klass.status not in CLASS_OPEN:
        raise StateConflict(f"培训班状态为「{klass.get_status_display()}」，审批通过并开班后才能申领补贴")
    scheme = _scheme(klass.scheme)
    day = today()
    with transaction.atomic():
        type(klass).objects.select_for_update().filter(
            pk=klass.pk
        ).exists()  # one claim run per class at a time
        results = list(
            Result.objects.filter(enrolment__klass=klass, passed=True, claim__isnull=True)
            .select_related("enrolment__person__employer")
            .order_by("enrolment__person_id")
        )
        # 第7条: eligible trainees' living allowance goes with the class's claims (subsidies/living.py).
        living_claims = living.for_class(actor=actor, klass=klass)
        if not results and not living_claims:
            raise StateConflict("本班没有尚未申领的考核合格学员；请先录入考核结果")
        institution = klass.institution
        # The payee enterprise of a class claim is the trainee's employer on the date (employment register).
        employers = employers_on((r.enrolment.person_id, r.certified_on or klass.end_date) for r in results)
        claims = []
        for result in results:
            person = result.enrolment.person
            when = result.certified_on or klass.end_date
            employer = employers[(person.pk, when)]
            facts = {
                "scheme": klass.scheme,
                "date": when.isoformat(),
                "occupation": result.occupation or klass.occupation or None,
                "level": result.level or klass.level or None,
                "hours": int(result.attended_hours),
                "certificate_no": result.certificate_no,
                "class_hours": klass.hours,
                **extra,
            }
            if klass.department_cite:
                facts["explain"] = [routing.line(klass.department, klass.department_cite)]
            if result.certificate_no == "":
                facts.pop("certificate_no")
            kind, name, account = _payee(
                scheme.payee, person=person, institution=institution, enterprise=employer
            )
            claims.append(
                Claim(
                    scheme=klass.scheme,
                    person=person,
                    enterprise=employer if kind == Claim.Payee.ENTERPRISE else None,
                    institution=institution,
                    klass=klass,
                    result=result,
                    department_id=klass.department_id,
                    occupation=facts["occupation"] or "",
                    level=facts["level"] or "",
                    entitlement_date=when,
                    year=when.year,
                    payee_kind=kind,
                    payee_name=name,
                    payee_account=account,
                    facts={k: v for k, v in facts.items() if v is not None},
                    created_by=actor,
                )
            )
        claims += living_claims
        checks.lock_subjects(claims)
        checks.run(claims, today=day)
        return _save_new(claims, actor=actor, action="claim.create_for_class")


@transaction.atomic
def claims_create_for_programme(
    *,
    actor,
    scheme: str,
    institution: Organisation | None,
    rows: list[dict],
    enterprise: Organisation | None = None,
) -> list[Claim]:
    """Claims of people who completed a programme's training held outside the class register (第8条 elite
    cohorts, programmes/services_elite.py), one per row {person, date, occupation, facts}. The caller has
    checked who may claim, holds its rows' lock and claims each person once; the engine quotes these claims
    like every other (checks.run: standard, caps, the institution's filing, the payee). A row's person may be
    None for an organisation's own subsidy (第12条 competitions, programmes/services_competitions.py): the
    claim then names the `enterprise` (its drill) or the `institution` (a district competition's host)."""
    s = _scheme(scheme)
    claims = []
    for row in rows:
        person, when = row.get("person"), row["date"]
        occupation = row.get("occupation") or ""
        facts = {"scheme": scheme, "date": when.isoformat(), **row["facts"]}
        if occupation:
            facts["occupation"] = occupation
        competent, department = routing.claim_competent(
            scheme=scheme, occupation=occupation, person=person, enterprise=enterprise
        )
        facts["explain"] = [routing.line(department, competent.cite)]
        kind, name, account = _payee(s.payee, person=person, institution=institution, enterprise=enterprise)
        claims.append(
            Claim(
                scheme=scheme,
                person=person,
                enterprise=enterprise,
                institution=institution,
                department=department,
                occupation=occupation,
                entitlement_date=when,
                year=when.year,
                payee_kind=kind,
                payee_name=name,
                payee_account=account,
                facts=facts,
                created_by=actor,
            )
        )
    if not claims:
        return []
    checks.lock_subjects(claims)
    checks.run(claims, today=today())
    return _save_new(claims, actor=actor, action="claim.create_for_programme")


def _clean_facts(scheme, raw: dict) -> tuple[dict, list[FieldError]]:
    errors: list[FieldError] = []
    facts: dict[str, object] = {}
    for name in APPLICATION_FACTS:
        value = raw.get(name)
        if value in (None, ""):
            continue
        if name in ("months", "year_of_scheme", "days"):
            try:
                number = int(value)
                if number <= 0:
                    raise ValueError
                facts[name] = number
            except (TypeError, ValueError):
                errors.append(FieldError("应为正整数", field=name))
        elif name == "cost":
            try:
                amount = Decimal(str(value)).quantize(Decimal("0.01"))
                if amount <= 0:
                    raise InvalidOperation
                facts[name] = str(amount)
            except (InvalidOperation, ValueError):
                errors.append(FieldError("金额应为大于0的数字，最多两位小数", field=name))
        else:
            facts[name] = str(value).strip()
    if scheme.levels and facts.get("level") not in scheme.levels:
        errors.append(FieldError(f"请选择等级：{'、'.join(scheme.levels)}", field="level", label="等级"))
    if scheme.kinds and facts.get("kind") not in scheme.kinds:
        kinds = "、".join(scheme.kinds.values())
        errors.append(FieldError(f"请选择类型：{kinds}", field="kind", label="类型"))
    return facts, errors


def _not_for_applicant(who: str, role: str) -> RuleViolation:
    names = "、".join(s.name_zh for s in default_catalogue().schemes_for(role))
    return RuleViolation(
        [FieldError(f"{who}可以申请的补贴项目为：{names}", field="scheme", label="补贴项目")]
    )


def claim_apply(
    *,
    actor,
    scheme: str,
    entitlement_date: dt.date | None,
    facts: dict,
    id_number: str | None = None,
    person: Person | None = None,
    klass=None,
    department=None,
    evidence=None,
) -> Claim:
    """A trainee's claim on a certificate (第13条, skill levels) or for the living allowance of a class
    attended (第7条, `klass`), or an enterprise's for its own schemes. The competent department is derived
    (附件1, `routing.claim_competent`); `department` is accepted from old callers and ignored.
    `id_number`: the person an enterprise's claim names (its technician, apprentice or graduate), looked up
    here as far as the applicant may name them (`selectors.claim_applicant_person`); the page and the API
    pass the number as typed. `person`: the same, already found (the demo and tests).
    `evidence`: an optional scan of the certificate, kept when the claim waits for verification."""
    require(can_apply(actor))
    if scheme == living.SCHEME:
        return living.living_apply(actor=actor, klass=klass)
    s = _scheme(scheme)
    errors = []
    if id_number:
        try:
            person = claim_applicant_person(actor, id_number)
        except RuleViolation as exc:
            errors += exc.errors
    scan = None
    if evidence is not None:
        try:
            scan = certificate_services.evidence_read(evidence)
        except RuleViolation as exc:
            errors += exc.errors
    if actor.role == Role.TRAINEE:
        if s.applicant != "trainee":
            raise _not_for_applicant("个人", "trainee")
        person, enterprise = actor.person, None
        if not facts.get("certificate_no"):
            errors.append(FieldError("请填写证书编号", field="certificate_no"))
    elif actor.role == Role.ENTERPRISE:
        if s.applicant != "enterprise":
            raise _not_for_applicant("企业", "enterprise")
        enterprise = actor.organisation
        if scheme == "chief_technician_allowance" and person is None and not id_number:
            errors.append(FieldError("首席技师津贴请填写技师本人的身份证号", field="id_number"))
        if scheme == "enterprise_evaluation" and person is None and not id_number:
            errors.append(
                FieldError("企业自主评价补贴按每名评价职工申领，请填写职工身份证号", field="id_number")
            )
    if entitlement_date is None:
        errors.append(FieldError("请填写补贴发生日期（发证、聘用或月份）", field="entitlement_date"))
    elif entitlement_date > today():
        errors.append(FieldError("补贴发生日期不能晚于今天", field="entitlement_date"))
    clean, more = _clean_facts(s, facts)
    errors += more
    if errors or entitlement_date is None:
        raise RuleViolation(errors)
    clean.update(scheme=scheme, date=entitlement_date.isoformat())
    if facts.get("certificate_no"):
        clean["certificate_no"] = str(facts["certificate_no"]).strip()[:64]
    # 第11条: last year's premiums are read from the enterprise's difficulty recognition by the checks.
    competent, department = routing.claim_competent(
        scheme=scheme, occupation=clean.get("occupation", ""), person=person, enterprise=enterprise
    )
    clean["explain"] = [routing.line(department, competent.cite)]
    kind, name, account = _payee(s.payee, person=person, institution=None, enterprise=enterprise)
    claim = Claim(
        scheme=scheme,
        person=person,
        enterprise=enterprise,
        department=department,
        occupation=clean.get("occupation", ""),
        level=clean.get("level", ""),
        entitlement_date=entitlement_date,
        year=entitlement_date.year,
        payee_kind=kind,
        payee_name=name,
        payee_account=account,
        facts=clean,
        created_by=actor,
    )
    with transaction.atomic():
        checks.lock_subjects([claim])
        checks.run([claim], today=today())
        claim = _save_new([claim], actor=actor, action="claim.apply")[0]
        if scan is not None and claim.status == S.CERT_PENDING:
            verification.evidence_attach(actor=actor, claim=claim, scan=scan)
        return claim


def claim_resubmit(*, actor, claim: Claim, facts: dict | None = None) -> Claim:
    """A rejected or refused claim, corrected (stated facts, refreshed payee account) and checked again."""
    require(can_correct_claim(actor, claim))
    with transaction.atomic():
        checks.lock_subjects([claim])
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("person", "institution", "enterprise")
            .get(pk=claim.pk)
        )
        verdict = can_resubmit_claim(actor, claim)  # the status under the lock
        if not verdict:
            raise StateConflict(verdict.reason)
        before = audit.snapshot(claim, ["status", "amount", "facts", "payee_account"])
        if facts and claim.scheme == living.SCHEME:
            raise RuleViolation("生活费补贴的天数按考勤记录计算（第7条），不能更正填写", field="days")
        if facts:
            clean, errors = _clean_facts(_scheme(claim.scheme), {**claim.facts, **facts})
            if errors:
                raise RuleViolation(errors)
            claim.facts = {**claim.facts, **clean}
            claim.occupation = claim.facts.get("occupation", "") or ""
            claim.level = claim.facts.get("level", "") or ""
        payee = {"person": claim.person, "institution": claim.institution, "enterprise": claim.enterprise}
        owner = payee.get(claim.payee_kind)
        if owner is not None:
            claim.payee_account = payees.current_account(claim.payee_kind, owner)
        checks.run([claim], today=today())
        claim.status = checks.status_after_check(claim)
        claim.save()
        ClaimReview.objects.create(
            claim=claim,
            step=ClaimReview.Step.RESUBMIT,
            decision=claim.status,
            reason=checks.refusal_text(claim.refusals),
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="claim.resubmit",
            obj=claim,
            changes=audit.diff(before, audit.snapshot(claim, list(before))),
            summary=f"重新提交：{claim.get_status_display()}",
        )
        return claim


# Committed at Finance's step: the fund holds them as payable (应付补贴) until paid.
COMMITTED = (S.FINANCE_APPROVED, S.PAYMENT_FAILED)


def claims_reject_for_case(*, actor, claim_ids, reason: str) -> list[Claim]:
    """A confirmed integrity case rejects the claims it concerns that are not paid yet, whatever step
    they wait at (`reason` names the case). A committed claim's commitment is released in the fund.
    Paid claims are the fund's (a recovery receivable); a claim in a payment batch must wait for the
    bank's result. Returns the claims rejected; a rejected claim cannot be resubmitted."""
    require(can_reject_for_case(actor))
    reason = (reason or "").strip()[:500]
    if not reason:
        raise RuleViolation("请写明退回依据（核查案件编号和查实情况）", field="reason")
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=list(claim_ids)).order_by("id"))
        paying = [c for c in claims if c.status == S.IN_BATCH]
        if paying:
            raise StateConflict(
                "以下申领正在支付中，请待银行回盘后再办结：" + "、".join(f"#{c.pk}" for c in paying[:20])
            )
        rejecting = [c for c in claims if c.status in BEFORE_PAYMENT]
        committed = [c for c in rejecting if c.status in COMMITTED]
        before = {c.pk: c.status for c in rejecting}
        now = timezone.now()
        for c in rejecting:
            c.status, c.updated_at = S.REJECTED, now
        Claim.objects.bulk_update(rejecting, ["status", "updated_at"], batch_size=500)
        ClaimReview.objects.bulk_create(
            [
                ClaimReview(claim=c, step="integrity", decision="rejected", reason=reason, actor=actor)
                for c in rejecting
            ]
        )
        if committed:
            funding().release(committed, actor=actor, day=today(), memo=reason)
        audit.record_many(
            actor=actor,
            action="claim.reject_for_case",
            items=[
                (c, {"status": [before[c.pk], c.status]}, f"经核查查实不予补贴，退回 {c.amount} 元：{reason}")
                for c in rejecting
            ],
        )
        return rejecting
