import pytest
from django.core.management import call_command
from django.db import transaction

from skillup.accounts import audit
from skillup.accounts.models import AuditEntry, AuditHead
from tests.accounts.tamper import as_owner
from tests.accounts.tamper import raw as _raw


def _write(n, actor=None):
    for i in range(n):
        with transaction.atomic():
            audit.record(
                actor=actor,
                action="test.write",
                object_type="thing",
                object_id=str(i),
                changes={"amount": ["0.00", f"{i}.00"]},
            )


def _without_guard(vendor, statement, params=()):
    as_owner(statement, params)


@pytest.fixture
def chain(cast):
    _write(5, cast.hr)
    return list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))


def test_an_untouched_chain_verifies(chain, capsys):
    assert audit.verify() is None
    call_command("audit-verify")
    assert "审计日志完整" in capsys.readouterr().out


def test_audit_rows_cannot_be_updated_through_the_database(chain):
    first = chain[0]
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        _raw("UPDATE accounts_auditentry SET summary = 'x' WHERE seq = %s", [first])


@pytest.mark.postgres
def test_audit_rows_cannot_be_deleted_on_postgresql(chain):
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        _raw("DELETE FROM accounts_auditentry WHERE seq = %s", [chain[0]])


def test_verify_names_an_edited_row(chain, vendor):
    target = chain[3]
    _without_guard(
        vendor,
        "UPDATE accounts_auditentry SET changes = %s WHERE seq = %s",
        ['{"amount": ["0.00", "99999.00"]}', target],
    )
    finding = audit.verify()
    assert (finding.seq, finding.problem) == (target, "edited")


def test_verify_names_the_row_after_a_deleted_one(chain, vendor):
    target = chain[2]
    _without_guard(vendor, "DELETE FROM accounts_auditentry WHERE seq = %s", [target])
    finding = audit.verify()
    assert (finding.seq, finding.problem) == (target + 1, "deleted")


def test_verify_names_a_deleted_newest_row(chain, vendor):
    _without_guard(vendor, "DELETE FROM accounts_auditentry WHERE seq = %s", [chain[-1]])
    finding = audit.verify()
    assert finding.problem == "deleted"


def test_verify_names_an_inserted_row_even_with_a_recomputed_hash(chain, vendor):
    # The forger renumbers the last row out of the way and slips a well-formed row in before it.
    last = AuditEntry.objects.get(seq=chain[-1])
    _without_guard(
        vendor, "UPDATE accounts_auditentry SET seq = %s WHERE seq = %s", [chain[-1] + 1, chain[-1]]
    )
    prev = AuditEntry.objects.get(seq=chain[-2])
    fields = dict(
        seq=chain[-1],
        prev_hash=prev.hash,
        at=last.at,
        actor_id=None,
        actor_name="system",
        action="test.forged",
        object_type="thing",
        object_id="x",
        changes={},
        summary="",
        request_id="",
    )
    digest = audit.entry_hash(**fields)
    AuditEntry.objects.create(hash=digest, **fields)
    finding = audit.verify()
    assert finding is not None
    assert finding.seq in (chain[-1], chain[-1] + 1)


def test_verify_names_an_appended_row(chain):
    head = AuditHead.objects.get(pk=1)
    fields = dict(
        seq=head.seq + 1,
        prev_hash=head.hash,
        at=AuditEntry.objects.last().at,
        actor_id=None,
        actor_name="system",
        action="test.appended",
        object_type="",
        object_id="",
        changes={},
        summary="",
        request_id="",
    )
    AuditEntry.objects.create(hash=audit.entry_hash(**fields), **fields)
    finding = audit.verify()
    assert (finding.seq, finding.problem) == (head.seq + 1, "inserted")


def test_the_command_fails_loudly_on_a_broken_chain(chain, vendor, capsys):
    _without_guard(vendor, "UPDATE accounts_auditentry SET actor_name = 'mallory' WHERE seq = %s", [chain[1]])
    with pytest.raises(SystemExit) as exc:
        call_command("audit-verify")
    assert exc.value.code == 1
    assert f"#{chain[1]}" in capsys.readouterr().err


def test_record_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="x")


def test_diff_keeps_only_changed_fields():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}
