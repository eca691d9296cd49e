"""Issue 10 item 8: the audit chain is anchored outside the database by signed checkpoints, so rows cut from
the end (with the head rolled back) or a chain rewritten with fresh hashes no longer pass `audit-verify`."""

import base64
import json
import logging

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction

from skillup.accounts import audit, checkpoints
from skillup.accounts.models import AuditEntry, AuditHead
from skillup.accounts.tasks import audit_checkpoint_task, audit_verify_task
from tests.accounts.tamper import as_owner, cut_the_chain

pytestmark = pytest.mark.django_db


def _write(n, actor=None):
    for i in range(n):
        with transaction.atomic():
            audit.record(actor=actor, action="test.write", object_type="thing", object_id=str(i))


def _new_key() -> tuple[str, str]:
    """(base64 raw private key, base64 raw public key), as docs/operations.md generates them."""
    key = Ed25519PrivateKey.generate()
    private, public = key.private_bytes_raw(), key.public_key().public_bytes_raw()
    return base64.b64encode(private).decode(), base64.b64encode(public).decode()


def _verify(capsys, *args):
    """(exit status, stdout, stderr) of `skillup audit-verify`."""
    try:
        call_command("audit-verify", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def anchored(cast):
    """Six rows, anchored by a checkpoint."""
    _write(6, cast.hr)
    return checkpoints.checkpoint_write()


def test_a_checkpoint_is_one_signed_json_line_in_the_append_only_file_and_in_the_log(cast, caplog):
    _write(3, cast.hr)
    with caplog.at_level(logging.INFO, logger="skillup.audit"):
        cp = checkpoints.checkpoint_write()
        checkpoints.checkpoint_write()
    lines = django_settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    assert len(lines) == 2  # appended, never rewritten
    data = json.loads(lines[0])
    head = AuditHead.objects.get(pk=1)
    assert (data["count"], data["hash"], data["key_id"]) == (3, head.hash, cp.key_id)
    assert data["at"].endswith("+08:00") and data["sig"]
    assert checkpoints.MARKER + lines[0] in caplog.messages
    signer = checkpoints.signing_key().public_key()
    signer.verify(base64.b64decode(data["sig"]), cp.signed_part())  # raises if the signature is wrong


def test_cutting_the_end_of_the_chain_passes_the_hash_chain_but_not_the_checkpoint(anchored, capsys):
    cut_the_chain(keep=4)
    assert audit.verify() is None  # the shorter chain is whole: the hash chain alone cannot tell
    code, _out, err = _verify(capsys)
    assert code == 1
    assert "审计日志被截断" in err and "数据库现只有 4 条，#5 至 #6 缺失" in err


def test_a_chain_rewritten_with_fresh_hashes_breaks_the_checkpoint(anchored, capsys):
    # The forger edits row 2 and recomputes every later hash and the head: the chain verifies again.
    rows = list(AuditEntry.objects.order_by("seq"))
    prev = rows[0].hash
    for row in rows[1:]:
        fields = {
            f: getattr(row, f)
            for f in ("seq", "at", "actor_id", "actor_name", "action", "object_type", "business_date")
        }
        fields.update(object_id=row.object_id, request_id=row.request_id, prev_hash=prev)
        fields.update(summary="改过" if row.seq == 2 else row.summary, changes=row.changes)
        digest = audit.entry_hash(**fields)
        as_owner(
            "UPDATE accounts_auditentry SET summary = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [fields["summary"], prev, digest, row.seq],
        )
        prev = digest
    as_owner("UPDATE accounts_audithead SET hash = %s", [prev])
    assert audit.verify() is None
    code, _out, err = _verify(capsys)
    assert code == 1 and "审计记录 #6 与检查点" in err and "已被改写" in err


def test_a_forged_checkpoint_is_ignored_and_reported(anchored, capsys):
    cut_the_chain(keep=4)
    # The forger appends a checkpoint for the cut chain: signed with a key of their own, and a copy of
    # the real line with its count changed.
    forged_key, _ = _new_key()
    real = json.loads(django_settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()[0])
    other = Ed25519PrivateKey.from_private_bytes(base64.b64decode(forged_key))
    own = checkpoints.Checkpoint(
        count=4,
        hash=AuditEntry.objects.get(seq=4).hash,
        at=real["at"],
        key_id=checkpoints.key_id(other.public_key()),
    )
    own_line = json.dumps(
        {**json.loads(own.signed_part()), "sig": checkpoints.b64(other.sign(own.signed_part()))}
    )
    edited = json.dumps({**real, "count": 4, "hash": own.hash})
    with django_settings.AUDIT_CHECKPOINT_FILE.open("a") as handle:
        handle.write(own_line + "\n" + edited + "\nnot json\n")
    valid, ignored = checkpoints.read()
    assert [cp.line for cp in valid] == [1]
    assert [why.split("：")[1] for why in ignored] == [
        f"签名密钥 {own.key_id} 不在受信任的密钥中",
        "签名无效（内容被改动或伪造）",
        "格式无法识别",
    ]
    code, _out, err = _verify(capsys)
    assert code == 1
    assert "第 2 行已忽略" in err and "第 3 行已忽略" in err and "第 4 行已忽略" in err
    assert "审计日志被截断" in err  # judged against the one real checkpoint


def test_the_writer_refuses_to_anchor_a_cut_chain(anchored):
    cut_the_chain(keep=4)
    with pytest.raises(checkpoints.CheckpointRefused, match="截断"):
        checkpoints.checkpoint_write()
    assert len(django_settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()) == 1
    assert audit_checkpoint_task.delay().get(timeout=10)["ok"] is False
    assert audit_verify_task.delay().get(timeout=10)["ok"] is False


def test_a_whole_chain_agrees_with_its_checkpoints_and_grows_past_them(anchored, capsys, cast):
    _write(2, cast.hr)
    checkpoints.checkpoint_write()
    _write(1, cast.hr)
    code, out, err = _verify(capsys)
    assert (code, err) == (0, "")
    assert "共 9 条" in out and "与 2 个签名检查点一致" in out and "共 8 条" in out
    assert audit_verify_task.delay().get(timeout=10) == {"ok": True, "finding": "", "problems": []}


def test_without_a_checkpoint_verify_says_a_cut_cannot_be_seen(cast, capsys):
    _write(2, cast.hr)
    code, out, _err = _verify(capsys)
    assert code == 0 and "没有可用的签名检查点" in out


def test_a_copy_of_the_log_can_be_checked_instead_of_the_file(anchored, tmp_path, capsys):
    line = django_settings.AUDIT_CHECKPOINT_FILE.read_text().strip()
    shipped = tmp_path / "syslog"
    shipped.write_text(f"2021-06-15 10:00:00 INFO skillup.audit {checkpoints.MARKER}{line}\nother noise\n")
    cut_the_chain(keep=5)
    code, _out, err = _verify(capsys, "--checkpoints", str(shipped))
    assert code == 1 and "#6 至 #6 缺失" in err and "第 2 行已忽略" in err


def test_checkpoints_signed_before_a_key_rotation_still_count_when_the_old_key_is_listed(
    anchored, settings, capsys
):
    old_public = checkpoints.b64(checkpoints.public_bytes(checkpoints.signing_key().public_key()))
    settings.AUDIT_SIGNING_KEY, _ = _new_key()
    valid, ignored = checkpoints.read()
    assert not valid and "不在受信任的密钥中" in ignored[0]
    settings.AUDIT_PREVIOUS_PUBLIC_KEYS = [old_public]
    valid, ignored = checkpoints.read()
    assert [cp.key_id for cp in valid] == [anchored.key_id] and not ignored
    new = checkpoints.checkpoint_write()
    assert new.key_id != anchored.key_id
    assert _verify(capsys)[0] == 0


def test_the_show_key_option_prints_the_public_key_and_its_id(capsys):
    call_command("audit-checkpoint", "--show-key")
    out = capsys.readouterr().out
    public = checkpoints.signing_key().public_key()
    assert checkpoints.key_id(public) in out and checkpoints.b64(checkpoints.public_bytes(public)) in out


def test_the_checkpoint_runs_on_celery_beat():
    from skillup.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["task"] in app.tasks and entry["schedule"] <= 60 * 60 * 24


def test_a_deep_cut_names_twenty_broken_checkpoints_and_counts_the_rest(cast):
    _write(1, cast.hr)
    for _ in range(25):
        _write(1, cast.hr)
        checkpoints.checkpoint_write()
    cut_the_chain(keep=1)
    problems = checkpoints.check().problems
    assert len(problems) == 21 and problems[-1] == "另有 5 个检查点与数据库不符"
