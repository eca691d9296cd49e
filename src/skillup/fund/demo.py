"""Demo fund: yearly allocations into the special fund, a payment batch every month for what Finance
approved, the bank's result files (a few failed payments, re-issued the next month), and the months HR
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
FAIL_REASONS = ["市民卡已挂失", "账户已销户", "户名与账号不符"]


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
    failed_total = 0
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
        lines = batch.lines.order_by("id").values_list("key", flat=True)
        rows = ["key,status,reason"]
        for index, key in enumerate(lines):
            if rng.random() < 0.01 or (cycle == last_answered and index == 0):
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
        f"支付失败 {failed_total} 笔（次月重新发放），已对账封账 {frozen} 个月"
    )
