"""The fund's lists as .xlsx (skillup.exports): payment batches, failed payments, journal entries — each
from the same selector and filters as its page."""

from skillup.exports.registry import exporter
from skillup.fund import selectors


@exporter(
    "fund.batches",
    filename="支付批次.xlsx",
    title="支付批次",
    headers=["批次号", "日期", "状态", "笔数", "金额（元）"],
    money_columns=[4],
    total_columns=[3, 4],
)
def batch_rows(user, params):
    qs = selectors.batches_filtered(user, params)
    return qs.count(), ([b.code, b.date, b.get_status_display(), b.count, b.total] for b in qs.iterator())


@exporter(
    "fund.failed_payments",
    filename="支付失败.xlsx",
    title="支付失败待重新发放",
    headers=[
        "申领编号",
        "收款方",
        "身份证号",
        "失败时账号",
        "金额（元）",
        "回盘日期",
        "失败原因",
        "失败后是否更正",
        "当前账号",
    ],
    money_columns=[4],
    total_columns=[4],
)
def failed_rows(user, params):
    lines = selectors.failed_payments_filtered(user, params, id_hash=params.get("id_hash", ""))
    rows = (
        [
            line.claim_id,
            line.payee_name,
            line.claim.person.id_masked if line.claim.person else "",
            line.payee_account_display,
            line.amount,
            line.resolved_on,
            line.reason,
            "已更正" if line.corrected else "未更正",
            line.current_display,
        ]
        for line in lines
    )
    return len(lines), rows


@exporter(
    "fund.journal",
    filename="记账凭证.xlsx",
    title="记账凭证",
    headers=["凭证号", "日期", "类型", "摘要", "科目", "主管部门", "申领编号", "借方（元）", "贷方（元）"],
    money_columns=[7, 8],
    total_columns=[7, 8],
)
def journal_rows(user, params):
    """One row per journal line, so that the export sums by account like the books."""
    qs = selectors.journal_filtered(user, params)
    lines = selectors.journal_lines_of(qs)

    def rows():
        for line in lines.iterator(chunk_size=2000):
            e, dept = line.entry, line.department
            yield [
                e.pk,
                e.date,
                e.get_kind_display(),
                e.memo,
                line.get_account_display(),
                (dept.short_name or dept.name) if dept else "",
                line.claim_id or "",
                line.debit,
                line.credit,
            ]

    return lines.count(), rows()


@exporter(
    "fund.receivables",
    filename="应收追回款.xlsx",
    title="应收追回补贴",
    headers=[
        "申领编号",
        "主管部门",
        "人员 / 收款方",
        "登记日期",
        "依据",
        "应追回（元）",
        "已追回（元）",
        "尚欠（元）",
    ],
    money_columns=[5, 6, 7],
    total_columns=[5, 6, 7],
)
def receivable_rows(user, params):
    rows = selectors.receivables_filtered(user, params)
    return len(rows), (
        [
            c.pk,
            c.department.name,
            c.person.name if c.person else c.payee_name,
            c.raised_on,
            c.reference,
            c.raised,
            c.repaid,
            c.balance,
        ]
        for c in rows
    )
