"""The fund's side of `subsidies.funding.Funding`: budgets held and commitments posted for the review."""

from skillup.fund import accounts, budgets, ledger
from skillup.fund.models import JournalEntry


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

    @staticmethod
    def release(claims, *, actor, day, memo: str) -> None:
        """Undo each claim's live commitment by its mirror image (Dr 应付补贴 / Cr 补贴支出), kind
        `release`, linked to the commitment it undoes (once: a released commitment cannot be reversed
        again, and reconciliation reads the claim as no longer approved)."""
        ids = [c.pk for c in claims]
        live = JournalEntry.objects.filter(
            claim_id__in=ids, kind=JournalEntry.Kind.COMMITMENT, reversed_by__isnull=True
        ).prefetch_related("lines")
        postings = []
        for entry in live.order_by("id"):
            mirror = ledger.reversal_of(entry, f"{memo}（冲减凭证 #{entry.pk}）")
            mirror.kind = JournalEntry.Kind.RELEASE
            postings.append(mirror)
        ledger.post_many(postings, actor=actor, date=day)
