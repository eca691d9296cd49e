from decimal import Decimal

from django.db.models import Sum

from skillup.fund.models import JournalEntry, JournalLine


def assert_books_balance():
    totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert (totals["d"] or Decimal(0)) == (totals["c"] or Decimal(0)), totals
    unbalanced = [
        e
        for e in JournalEntry.objects.annotate(d=Sum("lines__debit"), c=Sum("lines__credit"))
        if e.d != e.c or e.d != e.total
    ]
    assert not unbalanced, unbalanced
