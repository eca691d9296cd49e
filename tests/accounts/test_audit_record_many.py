"""audit.record_many appends N rows under one head lock, in the same chain format as audit.record."""

import pytest
from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.models import AuditEntry
from tests.accounts.tamper import as_owner

pytestmark = pytest.mark.django_db


def test_record_many_continues_the_chain_that_verify_checks(cast):
    with transaction.atomic():
        audit.record(actor=cast.hr, action="one", obj=cast.department, summary="单条")
        audit.record_many(
            actor=cast.hr, action="many", items=[(cast.department, {"n": i}, f"第{i}条") for i in range(5)]
        )
        audit.record(actor=cast.hr, action="after", obj=cast.department)
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 8))
    assert audit.verify() is None


def test_a_bulk_written_row_removed_is_refused_and_caught(cast):
    with transaction.atomic():
        audit.record_many(
            actor=cast.hr, action="many", items=[(cast.department, {}, "x"), (cast.department, {}, "y")]
        )
        audit.record(actor=cast.hr, action="after", obj=cast.department)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    as_owner("DELETE FROM accounts_auditentry WHERE seq = 2")
    finding = audit.verify()
    assert finding is not None and finding.problem == "deleted"
