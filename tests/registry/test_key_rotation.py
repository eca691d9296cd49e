"""Issue 10 item 10: rotating the keys of identity numbers at rest. A new FIELD_ENCRYPTION_KEY is put
first, `skillup rotate-encryption` re-encrypts every number under it, and the old key can go; with a new
look-up key every keyed hash is recomputed. Idempotent, one audit row per run, all or nothing."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command

from skillup.accounts.models import AuditEntry
from skillup.core.errors import RuleViolation
from skillup.registry import crypto, selectors
from skillup.registry.models import Person
from skillup.registry.services_keys import person_keys_rotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers(cast):
    """Every registered person's identity number, read under today's key."""
    return {p.pk: crypto.decrypt(p.id_cipher) for p in Person.objects.all()}


def _ciphers():
    return dict(Person.objects.values_list("pk", "id_cipher"))


def test_a_new_first_key_re_encrypts_every_number_and_the_old_key_can_then_go(numbers, settings):
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    result = person_keys_rotate(batch_size=2)  # several batches
    assert (result.people, result.reencrypted, result.rehashed) == (len(numbers), len(numbers), 0)

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key removed
    assert {p.pk: crypto.decrypt(p.id_cipher) for p in Person.objects.all()} == numbers
    settings.FIELD_ENCRYPTION_KEYS = old
    with pytest.raises(InvalidToken):
        crypto.decrypt(Person.objects.first().id_cipher)  # really no longer under the old key

    entry = AuditEntry.objects.get(action="person.keys_rotate")
    assert entry.changes["reencrypted"] == [None, len(numbers)]
    assert entry.changes["encryption_key"] == [None, crypto.fingerprint(new)]
    assert new not in str(entry.changes)


def test_rotating_twice_changes_nothing_the_second_time(numbers, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    person_keys_rotate()
    before = _ciphers()
    again = person_keys_rotate()
    assert again.reencrypted == 0 and again.people == len(numbers)
    assert _ciphers() == before
    assert AuditEntry.objects.filter(action="person.keys_rotate").count() == 2


def test_a_new_look_up_key_re_hashes_every_person_so_searches_keep_working(numbers, settings, cast):
    new_lookup = "n" * 48
    result = person_keys_rotate(new_lookup_key=new_lookup)
    assert result.rehashed == len(numbers) and result.reencrypted == 0
    settings.LOOKUP_HASH_KEY = new_lookup
    trainee_number = numbers[cast.trainee_person.pk]
    assert selectors.person_by_id_number(trainee_number) == cast.trainee_person
    assert person_keys_rotate(new_lookup_key=new_lookup).rehashed == 0


def test_a_number_no_key_decrypts_stops_the_run_with_nothing_changed(numbers, settings):
    before = _ciphers()
    rows = AuditEntry.objects.count()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # the key in use was dropped too soon
    with pytest.raises(RuleViolation, match="无法用任何已配置的 FIELD_ENCRYPTION_KEY 解密"):
        person_keys_rotate()
    assert _ciphers() == before and AuditEntry.objects.count() == rows


def test_the_command_reads_the_new_look_up_key_from_a_file_never_the_command_line(
    numbers, settings, tmp_path
):
    key_file = tmp_path / "lookup.key"
    key_file.write_text("k" * 40 + "\n")
    out = io.StringIO()
    call_command("rotate-encryption", "--new-lookup-key-file", str(key_file), stdout=out)
    assert f"重算查询哈希 {len(numbers)} 人" in out.getvalue()
    key_file.write_text("short")
    with pytest.raises(CommandError, match="至少 32 个字符"):
        call_command("rotate-encryption", "--new-lookup-key-file", str(key_file))
