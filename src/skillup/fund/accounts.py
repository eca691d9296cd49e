"""The chart of accounts of the special fund (资金专账). Codes are stable; names are what people read.

Normal side: the side that increases the account. Balances are shown on the normal side, so every account
reads as a positive number in ordinary use. Accounts marked `by_department` carry a department on each
line, so the same account can be read per competent department.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    normal: str  # "debit" or "credit"
    by_department: bool = False
    note: str = ""


BANK = "1001"  # 专项资金专账：失业保险基金支出户下的子账户（不单设银行账户）
RECEIVABLE = "1201"  # 应收追回补贴：核查案件查实、已支付的补贴，待追回（第20条 依法追回）
IN_TRANSIT = "2201"  # 在途支付：已交市民卡/银行、待回盘
PAYABLE = "2101"  # 应付补贴：财政局审核通过、尚未发出
ALLOCATIONS = "3001"  # 财政拨入专项资金
EXPENSE = "5001"  # 补贴支出

CHART: dict[str, Account] = {
    a.code: a
    for a in [
        Account(BANK, "专项资金专账（失业保险基金支出户子账户）", "debit", note="资金的实际余额"),
        Account(
            RECEIVABLE, "应收追回补贴", "debit", by_department=True, note="核查案件查实的已付补贴，待追回"
        ),
        Account(PAYABLE, "应付补贴", "credit", by_department=True, note="财政局审核通过，待发放"),
        Account(IN_TRANSIT, "在途支付", "credit", by_department=True, note="已生成支付文件，待银行回盘"),
        Account(ALLOCATIONS, "财政拨入专项资金", "credit", note="各年度拨入专项资金的累计数"),
        Account(EXPENSE, "补贴支出", "debit", by_department=True, note="已核定的补贴（按部门）"),
    ]
}

ACCOUNT_CHOICES = [(a.code, f"{a.code} {a.name}") for a in CHART.values()]


def signed_balance(code: str, debit, credit):
    """The balance on the account's normal side."""
    return debit - credit if CHART[code].normal == "debit" else credit - debit
