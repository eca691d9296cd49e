"""Demo claims: the training demo's passed trainees claimed month by month from November 2019, reviewed by
each competent department, HR and Finance on the business dates they would have been, with a few
rejections (some corrected and resubmitted), refusals, and claims still waiting at every step in June
2021; plus enterprise and trainee applications. Budgets are set by HR per department and year.

Everything goes through the real services with the business clock moved to each working day, so the
ledger, the review trail and the audit chain read exactly as if the programme had run."""

import contextlib
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import StateConflict
from skillup.registry.models import Organisation, OrgKind
from skillup.subsidies.models import Claim

S = Claim.Status
REJECT_REASONS = ["证书复印件不清晰，请重新上传", "考勤记录与名册不一致，请核实", "收款人信息有误，请核对"]
# 第2条 and 附件2: special-operation certificates are paid against the actual fee.
CLASS_FACTS = {
    "chemical_dual_certificate": {"cost": "900.00"},  # 第3条: up to 1000 per person
    "special_operation_safety": {"cost": "650.00", "kind": "new"},
    "elite_training": {"cost": "12800.00", "kind": "巧匠班"},  # 第8条: in-province, capped at 10,000
}


@contextlib.contextmanager
def business_date(day: dt.date):
    before = getattr(settings, "SKILLUP_TODAY", "")
    settings.SKILLUP_TODAY = day.isoformat()
    try:
        yield
    finally:
        settings.SKILLUP_TODAY = before


def months(first: dt.date, last: dt.date):
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day + dt.timedelta(days=32)).replace(day=1)


def cycles(first: dt.date, last: dt.date):
    """Two working cycles a month, starting on the 4th and the 19th."""
    for month in months(first, last):
        for day in (3, 18):
            start = month + dt.timedelta(days=day)
            if start <= last:
                yield start


def _institution_users(classes) -> dict[int, User]:
    """The demo has one institution login; the other institutions' staff are made here (no password)."""
    users = {u.organisation_id: u for u in User.objects.filter(role=Role.INSTITUTION)}
    missing = sorted({k.institution_id for k in classes} - set(users))
    password = make_password(settings.DEMO_PASSWORD)  # one hash for all: demo logins only
    new = [
        User(
            username=f"jg-{org_id}",
            role=Role.INSTITUTION,
            organisation_id=org_id,
            first_name="教务",
            password=password,
        )
        for org_id in missing
    ]
    User.objects.bulk_create(new)
    users.update(
        {
            u.organisation_id: u
            for u in User.objects.filter(role=Role.INSTITUTION, organisation_id__in=missing)
        }
    )
    return users


def seed(ctx) -> None:
    from django.db.models import Max

    from skillup.fund.services import budget_set
    from skillup.subsidies import review, services
    from skillup.training.models import Result, TrainingClass

    rng = ctx.rng
    end = today()
    hr = User.objects.get(username="hr")
    finance = User.objects.get(username="finance")
    # The HR bureau is itself the competent department of some schemes; its administrator does that step
    # so that the HR review is done by another person.
    hradmin = User.objects.get(username="hradmin")
    dept_users = {
        u.organisation_id: u for u in User.objects.filter(role=Role.DEPT, username__startswith="dept-")
    }
    dept_users[hr.organisation_id] = hradmin
    departments = list(Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT]).order_by("id"))

    # Budgets: generous, except Emergency Management in 2021, which runs out (approvals wait for HR).
    with business_date(dt.date(2019, 11, 1)):
        for year in (2019, 2020, 2021):
            for d in departments:
                tight = d.code == "yjglj" and year == 2021
                budget_set(
                    actor=hr,
                    department=d,
                    year=year,
                    amount=Decimal("30000") if tight else Decimal("8000000"),
                    source="hr",
                )

    classes = list(
        TrainingClass.objects.filter(status=TrainingClass.Status.FINISHED).order_by("end_date", "id")
    )
    inst_users = _institution_users(classes)
    pending = list(classes)
    rejected_for_later: list[int] = []
    counts = defaultdict(int)
    certified = dict(
        Result.objects.filter(passed=True).values_list("enrolment__klass_id").annotate(Max("certified_on"))
    )
    for cycle in cycles(dt.date(2019, 11, 1), end):
        last_month = cycle + dt.timedelta(days=15) > end  # the cycle under way on the demo date
        claim_day = cycle
        with business_date(claim_day):
            ready = [k for k in pending if k.end_date < claim_day and certified.get(k.pk, end) <= claim_day]
            pending = [k for k in pending if k not in ready]
            for klass in ready:
                if rng.random() < 0.04 and not last_month:
                    pending.append(klass)  # a few institutions claim a month late
                    continue
                try:
                    created = services.claims_create_for_class(
                        actor=inst_users[klass.institution_id],
                        klass=klass,
                        **CLASS_FACTS.get(klass.scheme, {}),
                    )
                except StateConflict:  # a class whose results are not in yet stays for a later month
                    pending.append(klass)
                    continue
                counts["claims"] += len(created)
            if rejected_for_later:
                for claim in Claim.objects.filter(pk__in=rejected_for_later).select_related("klass"):
                    with contextlib.suppress(StateConflict):
                        services.claim_resubmit(actor=inst_users[claim.institution_id], claim=claim)
                rejected_for_later = []
        # Department, HR, Finance: one bulk action each, a few days apart; June 2021 is still under way.
        steps = [(2, "dept"), (4, "hr"), (6, "finance")]
        for offset, step in steps:
            day = cycle + dt.timedelta(days=offset)
            if day > end:
                break
            status = review.STATUS_OF_STEP[step]
            with business_date(day):
                waiting = list(Claim.objects.filter(status=status).values_list("id", "department_id"))
                by_dept = defaultdict(list)
                for cid, dept_id in waiting:
                    by_dept[dept_id if step == "dept" else 0].append(cid)
                for dept_id, ids in sorted(by_dept.items()):
                    actor = dept_users.get(dept_id) if step == "dept" else (hr if step == "hr" else finance)
                    if actor is None:
                        continue
                    # In the current month some claims still wait at every step.
                    keep_back = {i for i in ids if last_month and rng.random() < 0.4}
                    if step == "dept":
                        reject = [i for i in ids if i not in keep_back and rng.random() < 0.02]
                        if reject:
                            review.claims_review_bulk(
                                actor=actor,
                                claim_ids=reject,
                                decision="reject",
                                reason=rng.choice(REJECT_REASONS),
                            )
                            counts["rejected"] += len(reject)
                            rejected_for_later += [i for i in reject if rng.random() < 0.7]
                        ids = [i for i in ids if i not in reject]
                    ids = [i for i in ids if i not in keep_back]
                    summary = review.claims_review_bulk(actor=actor, claim_ids=ids, decision="approve")
                    counts[f"{step}_approved"] += len(summary.approved)
    _applications(ctx, end)
    ctx.data["claims_seeded"] = True
    ctx.say(
        f"  补贴申领 {Claim.objects.count()} 笔（培训班 {counts['claims']}，主管部门通过 {counts['dept_approved']}，"
        f"人社通过 {counts['hr_approved']}，财政通过 {counts['finance_approved']}，退回 {counts['rejected']}，"
        f"自动审核不通过 {Claim.objects.filter(status=S.REFUSED).count()}）"
    )


def _applications(ctx, end: dt.date) -> None:
    """The demo enterprise's own claims and the demo trainee's certificate rewards."""
    from skillup.subsidies import services

    enterprise_user = User.objects.filter(username="enterprise").select_related("organisation").first()
    trainee = User.objects.filter(username="trainee").select_related("person").first()
    if enterprise_user:
        org = enterprise_user.organisation
        if not org.bank_account:
            org.bank_account = "6228480000012345678"
            org.save(update_fields=["bank_account"])
        staff, stranger, chief = _enterprise_facts(org, end)
        for day, scheme, facts, person in [
            (dt.date(2020, 9, 30), "enterprise_competition", {"cost": "36800.00"}, None),
            (dt.date(2021, 3, 31), "enterprise_evaluation", {"level": "中级"}, staff),
            (
                dt.date(2021, 5, 31),
                "new_apprenticeship",
                {"kind": "employee", "year_of_scheme": "1", "cost": "5200"},
                None,
            ),
            (dt.date(2021, 4, 30), "difficult_enterprise_training", {"cost": "18600.00"}, None),
            (dt.date(2021, 5, 31), "chief_technician_allowance", {"months": "3"}, chief),
            # A stranger: the enterprise names a person it does not employ (refused: not_employed).
            (dt.date(2021, 5, 20), "directed_graduate_hiring", {"year_of_scheme": "1"}, stranger),
        ]:
            if day > end:  # the demo seeded at an earlier business date: this had not happened yet
                continue
            if scheme in (
                "enterprise_evaluation",
                "chief_technician_allowance",
                "directed_graduate_hiring",
            ) and (person is None):
                continue
            with business_date(min(day + dt.timedelta(days=3), end)):
                services.claim_apply(
                    actor=enterprise_user, scheme=scheme, entitlement_date=day, facts=facts, person=person
                )
    if trainee and trainee.person:
        person = trainee.person
        if not person.citizen_card:
            person.citizen_card = "330600100200300"
            person.save(update_fields=["citizen_card"])
        # A certificate in no register (issued elsewhere, not yet in the provincial export HR imported):
        # the claim waits with the trainee's scan in HR's 待核验证书 queue (第13条).
        from django.core.files.uploadedfile import SimpleUploadedFile

        from skillup.certificates.demo import scan_pdf

        with business_date(min(dt.date(2021, 6, 2), end)):
            if dt.date(2021, 5, 20) > end:
                return
            services.claim_apply(
                actor=trainee,
                scheme="skill_level_certificate",
                entitlement_date=dt.date(2021, 5, 20),
                facts={"level": "四级", "certificate_no": "S2021052001"},
                evidence=SimpleUploadedFile(
                    "证书照片.pdf", scan_pdf("S2021052001", person.id_masked), "application/pdf"
                ),
            )


def _enterprise_facts(org, end: dt.date):
    """The demo enterprise's registry facts for its own claims, through the registry services (audited):
    a skill-level recognition pilot (第10条), a difficulty recognition for 2021 (第11条), a demonstration
    recognition and a filed chief technician (第10条). Returns (an employee, a stranger, the chief)."""
    from skillup.registry import services_facts
    from skillup.registry.models import Employment, Person, Recognition

    hr = User.objects.get(username="hr")
    staff_ids = list(
        Employment.objects.filter(
            enterprise=org, start__lt=dt.date(2021, 1, 1), end__isnull=True, person__pension=False
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    staff = Person.objects.filter(pk__in=staff_ids[:1]).first()
    stranger = (
        Person.objects.exclude(employments__enterprise=org).filter(pension=False).order_by("id").first()
    )
    with business_date(min(dt.date(2021, 1, 5), end)):
        kinds = set(Recognition.objects.filter(enterprise=org).values_list("kind", flat=True))
        if "pilot" not in kinds:
            services_facts.recognition_add(
                actor=hr,
                enterprise=org,
                kind="pilot",
                year=2021,
                document="浙江省职业技能等级认定试点企业（2021年新增）",
            )
        if "difficulty" not in kinds:
            services_facts.recognition_add(
                actor=hr,
                enterprise=org,
                kind="difficulty",
                year=2021,
                ui_premiums_last_year="42600.00",
                document="上虞区2021年度困难企业认定名单",
            )
        if "high_skill_demo" not in kinds:
            services_facts.recognition_add(
                actor=hr,
                enterprise=org,
                kind="high_skill_demo",
                valid_from="2020-01-01",
                document="绍兴市高技能人才集聚示范企业名单",
            )
    chief_filing = org.chief_technicians.order_by("id").first()
    if chief_filing is None and len(staff_ids) > 1:
        with business_date(min(dt.date(2021, 1, 5), end)):
            chief_filing = services_facts.chief_file(
                actor=hr,
                enterprise=org,
                person=Person.objects.get(pk=staff_ids[1]),
                valid_from="2021-01-01",
                valid_until="2023-12-31",
                document="区人社局首席技师备案〔2021〕3号",
            )
    return staff, stranger, chief_filing.person if chief_filing else None
