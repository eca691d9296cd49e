"""Key rotation for identity numbers at rest (issue 10 item 10; docs/operations.md "Rotating keys").

FIELD_ENCRYPTION_KEY is a MultiFernet list: the first key encrypts, every key decrypts. After a new key is
put first, `person_keys_rotate` re-encrypts every stored number under it, so the old key can be removed.
Given a new look-up key it also recomputes every keyed hash from the decrypted numbers (the only way to
change LOOKUP_HASH_KEY). Run with the web and worker processes stopped when re-hashing: until they restart
with the new LOOKUP_HASH_KEY they would look people up under the old one.
"""

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.db import transaction

from skillup.accounts import audit
from skillup.core.errors import RuleViolation
from skillup.registry import crypto
from skillup.registry.models import Person


@dataclass(frozen=True)
class Rotation:
    people: int
    reencrypted: int
    rehashed: int

    def __str__(self) -> str:
        text = f"共 {self.people} 人，重新加密 {self.reencrypted} 人"
        return text + (f"，重算查询哈希 {self.rehashed} 人" if self.rehashed else "")


def person_keys_rotate(*, actor=None, new_lookup_key: str | None = None, batch_size: int = 1000) -> Rotation:
    """Every identity number under the first FIELD_ENCRYPTION_KEY (and, given new_lookup_key, hashed with
    it). One transaction with one audit row of the counts; rows already current are left alone, so a
    second run changes nothing. A number no configured key decrypts stops the whole run unchanged."""
    if new_lookup_key is not None and len(new_lookup_key) < 32:
        raise RuleViolation("新的 LOOKUP_HASH_KEY 至少 32 个字符", field="new_lookup_key")
    people = reencrypted = rehashed = 0
    with transaction.atomic():
        last = 0
        while batch := list(
            Person.objects.select_for_update()
            .filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "id_cipher", "id_hash")[:batch_size]
        ):
            changed = []
            for person in batch:
                try:
                    plain = crypto.decrypt(person.id_cipher)
                except InvalidToken:
                    raise RuleViolation(
                        f"人员 #{person.pk} 的身份证号无法用任何已配置的 FIELD_ENCRYPTION_KEY 解密，未做任何改动"
                    ) from None
                dirty = False
                if not crypto.is_current(person.id_cipher):
                    person.id_cipher, dirty = crypto.encrypt(plain), True
                    reencrypted += 1
                if new_lookup_key is not None and person.id_hash != (
                    digest := crypto.lookup_hash(plain, key=new_lookup_key)
                ):
                    person.id_hash, dirty = digest, True
                    rehashed += 1
                if dirty:
                    changed.append(person)
            Person.objects.bulk_update(changed, ["id_cipher", "id_hash"])
            people += len(batch)
            last = batch[-1].pk
        result = Rotation(people=people, reencrypted=reencrypted, rehashed=rehashed)
        audit.record(
            actor=actor,
            action="person.keys_rotate",
            object_type="registry.person",
            object_id="*",
            changes={
                "reencrypted": [None, reencrypted],
                "rehashed": [None, rehashed],
                "encryption_key": [None, crypto.fingerprint(crypto.primary_key())],
                **(
                    {"lookup_key": [None, crypto.fingerprint(new_lookup_key)]}
                    if new_lookup_key is not None
                    else {}
                ),
            },
            summary=f"身份证号密钥轮换：{result}",
        )
    return result
