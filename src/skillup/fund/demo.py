"""Demo fund: yearly allocations into the special fund, a payment batch every month for what Finance
approved, the bank's result files (a few failed payments: the person's citizen card or the organisation's
bank account is corrected — by the trainee in 我的信息 where they have a login, else by HR — and the
claim re-issued to it the next month; the last failure still awaits its correction), and the months HR
and Finance have reconciled and signed (through April 2021; May signed by HR only; June under way)."""

import datetime as dt
from decimal import Decimal

from skillup.accounts.models import User
from skillup.core.clock import today
from skillup.fund.models import PaymentBatch, ReconciliationMonth
from skillup.subsidies.demo import business_date, cycles, months
from skillup.subsidies.models import Claim

S = Claim.Status
ALLOCATIONS = {2019: Decimal("8000000.00"), 2020: Decimal("26000000.00"), 2021: Decimal("30000000.00")}
FAIL_REASONS = ["市民卡已挂失", "账户已注销", "户名与账号不符"]


def _correct(rng, claim_ids, hr) -> int:
    """Record a new card (person payees) or bank account (organisations) for failed claims."""
    from skillup.registry.services_accounts import organisation_bank_account_update, person_card_update

    n = 0
    for claim in Claim.objects.filter(pk__in=claim_ids).select_related("person", "institution", "enterprise"):
        if claim.payee_kind == "person" and claim.person is not None:
            own = User.objects.filter(person=claim.person, role="trainee").first()
            person_card_update(
                actor=own or hr, person=claim.person, citizen_card=f"3306{rng.randint(10**11, 10**12 - 1)}"
            )
        else:
            org = claim.institution if claim.payee_kind == "institution" else claim.enterprise
            organisation_bank_account_update(
                actor=hr,
                organisation=org,
                bank_account=f"6222{rng.randint(10**13, 10**14 - 1)}",
                reason="原账户已注销，单位提供新开户证明",
            )
        n += 1
    return n


def seed(ctx) -> None:
    from skillup.fund import payments, services

    rng = ctx.rng
    end = today()
    hr = User.objects.get(username="hr")
    finance = User.objects.get(username="finance")
    for year, amount in ALLOCATIONS.items():
        with business_date(max(dt.date(year, 1, 15), dt.date(2019, 11, 1))):
            services.allocation_post(
                actor=finance, year=year, amount=amount, memo=f"{year} 年度职业技能提升行动专项资金拨入"
            )
    failed_total = corrected = 0
    all_cycles = list(cycles(dt.date(2019, 11, 1), end))
    # The bank's last answered file before the business date always has a failure, so the demo shows a
    # payment waiting for re-issue.
    answered = [
        c for c in all_cycles if c + dt.timedelta(days=15) <= end and c + dt.timedelta(days=11) <= end
    ]
    last_answered = answered[-1] if answered else None
    for cycle in all_cycles:
        batch_day, result_day = cycle + dt.timedelta(days=8), cycle + dt.timedelta(days=11)
        current = cycle + dt.timedelta(days=15) > end  # under way: half goes out, the bank has not answered
        if batch_day > end:
            batch_day = end
        with business_date(batch_day):
            failed = list(Claim.objects.filter(status=S.PAYMENT_FAILED).values_list("id", flat=True))
            if failed and not current:
                corrected += _correct(rng, failed, hr)
                payments.payment_reissue(actor=finance, claim_ids=failed)
            ids = list(
                Claim.objects.filter(
                    status=S.FINANCE_APPROVED, finance_approved_on__lte=batch_day
                ).values_list("id", flat=True)
            )
            if current:
                ids = ids[: len(ids) // 2]
            batch = payments.payment_batch_create(actor=finance, claim_ids=ids) if ids else None
        if batch is None or result_day > end or current:
            continue
        lines = list(batch.lines.order_by("id").values_list("key", "claim__payee_kind"))
        # The first answered file fails one person's line (corrected and re-issued next month); the last
        # answered one fails one that still awaits correction.
        forced = (
            next((key for key, kind in lines if kind == "person"), lines[0][0])
            if cycle in (answered[0] if answered else None, last_answered)
            else None
        )
        rows = ["key,status,reason"]
        for key, _kind in lines:
            if rng.random() < 0.01 or key == forced:
                rows.append(f"{key},failed,{rng.choice(FAIL_REASONS)}")
                failed_total += 1
            else:
                rows.append(f"{key},paid,")
        with business_date(result_day):
            payments.payment_result_import(
                actor=finance,
                batch=batch,
                data=("\n".join(rows) + "\n").encode(),
                filename=f"{batch.code}-回盘.csv",
            )
    # Reconciliation: each month signed in the first days of the next, through April 2021; May by HR only.
    for month in months(dt.date(2019, 11, 1), end):
        sign_day = (month + dt.timedelta(days=32)).replace(day=3)
        if sign_day > end:
            break
        signers = [hr, finance] if sign_day <= dt.date(2021, 5, 31) else [hr]
        for user in signers:
            with business_date(sign_day):
                services.reconciliation_sign(actor=user, month=month)
    frozen = ReconciliationMonth.objects.filter(
        finance_signed_by__isnull=False, hr_signed_by__isnull=False
    ).count()
    ctx.say(
        f"  专项资金：拨入 {sum(ALLOCATIONS.values()):,.0f} 元，支付批次 {PaymentBatch.objects.count()} 个，"
        f"支付失败 {failed_total} 笔（更正账号 {corrected} 笔后次月重新发放），已对账封账 {frozen} 个月"
    )
