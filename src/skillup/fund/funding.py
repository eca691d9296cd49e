"""The fund's side of `subsidies.funding.Funding`: budgets held and commitments posted for the review."""

from skillup.fund import accounts, budgets, ledger


class FundFunding:
    lock_budgets = staticmethod(budgets.lock_budgets)
    used_by_department_year = staticmethod(budgets.used_by_department_year)

    @staticmethod
    def commit(claims, *, actor, day) -> None:
        """Finance's approval commits the fund: Dr 补贴支出 / Cr 应付补贴, per department, per claim."""
        postings = [
            ledger.Posting(
                kind="commitment",
                memo=f"申领 #{c.pk} {c.payee_name} 财政审核通过",
                lines=ledger.pair(
                    accounts.EXPENSE, accounts.PAYABLE, c.amount, department_id=c.department_id, claim_id=c.pk
                ),
                claim_id=c.pk,
            )
            for c in claims
            if c.amount > 0
        ]
        ledger.post_many(postings, actor=actor, date=day)
