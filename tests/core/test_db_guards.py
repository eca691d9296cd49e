"""Issue 10 item 8: the sealed tables (audit trail, audit head, journal) refuse DELETE on SQLite and TRUNCATE
on PostgreSQL; only the test runner's flush may empty them (skillup.core.db.allow_test_runner_flush)."""

import sqlite3

import pytest
from django.db import connection, transaction

from skillup.accounts import audit
from skillup.accounts.models import AuditEntry, AuditHead
from skillup.core.db import allow_test_runner_flush
from skillup.fund.services import allocation_post

pytestmark = pytest.mark.django_db
SEALED = ["accounts_auditentry", "accounts_audithead", "fund_journalline", "fund_journalentry"]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and statement.startswith("TRUNCATE"):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks in the way
        cursor.execute(statement, params)


@pytest.fixture
def rows(cast):
    allocation_post(actor=cast.finance, year=2021, amount="100")  # an audit row and a journal entry
    with transaction.atomic():
        audit.record(actor=cast.hr, action="test.write", object_type="thing", object_id="1")
    assert AuditEntry.objects.count() >= 2


@pytest.mark.parametrize("table", SEALED)
def test_rows_of_a_sealed_table_cannot_be_deleted(rows, table):
    with pytest.raises(Exception, match="never deleted|append-only"), transaction.atomic():
        _sql(f"DELETE FROM {table}")  # noqa: S608  the table names are the test's own constants


@pytest.mark.postgres
@pytest.mark.parametrize("table", SEALED)
def test_a_sealed_table_cannot_be_truncated_on_postgresql(rows, table):
    with pytest.raises(Exception, match="never truncated"), transaction.atomic():
        _sql(f"TRUNCATE {table} CASCADE")


def test_the_test_runners_flush_alone_may_empty_them(rows):
    with pytest.raises(ZeroDivisionError), transaction.atomic():  # rolled back: the rows come back
        with allow_test_runner_flush():
            for table in SEALED:
                _sql(
                    f"TRUNCATE {table} CASCADE"
                    if connection.vendor == "postgresql"
                    else f"DELETE FROM {table}"
                )  # noqa: S608
        assert not AuditEntry.objects.exists()
        1 / 0  # noqa: B018
    assert AuditEntry.objects.count() >= 2
    # …and only while it runs.
    with pytest.raises(Exception, match="never deleted|append-only"), transaction.atomic():
        _sql("DELETE FROM accounts_auditentry")


def test_a_sqlite_connection_without_skillups_function_cannot_delete_at_all(rows, vendor):
    """The sqlite3 shell (or any connection SkillUp did not open) has no `skillup_test_flush()`: the guard
    cannot be satisfied, so it refuses."""
    if vendor != "sqlite":
        pytest.skip("the SQLite guard")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'accounts_audithead' AND sql IS NOT NULL "
            "ORDER BY type = 'trigger'"
        )
        schema = [sql for (sql,) in cursor.fetchall()]
    shell = sqlite3.connect(":memory:")
    for sql in schema:
        shell.execute(sql)
    shell.execute("INSERT INTO accounts_audithead (id, seq, hash) VALUES (1, 0, 'x')")
    with pytest.raises(sqlite3.OperationalError, match="no such function: skillup_test_flush"):
        shell.execute("DELETE FROM accounts_audithead")


def test_the_chain_head_only_moves_forward(rows):
    head = AuditHead.objects.get(pk=1)
    for change in (
        {"seq": head.seq - 1},
        {"hash": "f" * 64},
        {"seq": head.seq - 1, "hash": AuditEntry.objects.get(seq=head.seq - 1).hash},
    ):
        with pytest.raises(Exception, match="only moves forward"), transaction.atomic():
            AuditHead.objects.filter(pk=1).update(**change)
    with transaction.atomic():
        audit.record(actor=None, action="test.more")  # a real append still moves it
    assert AuditHead.objects.get(pk=1).seq == head.seq + 1
