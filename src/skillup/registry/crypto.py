"""Identity numbers at rest: Fernet ciphertext beside an HMAC-SHA256 look-up hash (DESIGN.md)."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


@receiver(setting_changed)
def _keys_changed(*, setting, **kwargs):
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def primary_key() -> str:
    return settings.FIELD_ENCRYPTION_KEYS[0]


def is_current(token: str) -> bool:
    """Whether the ciphertext is under the first key, the one that encrypts (a rotation moves the rest)."""
    try:
        Fernet(primary_key().encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def lookup_hash(plain: str, key: str | None = None) -> str:
    """The keyed look-up hash under LOOKUP_HASH_KEY (or, while re-hashing, the new key)."""
    key = settings.LOOKUP_HASH_KEY if key is None else key
    return hmac.new(key.encode(), plain.encode(), hashlib.sha256).hexdigest()


# Key fingerprints (issue 10 item 10): a backup records which keys its data needs, never the keys. scrypt
# makes a fingerprint useless for guessing a weak key; the salt names the purpose.
_FINGERPRINT_SALT = b"skillup key fingerprint v1"


def fingerprint(key: str) -> str:
    return hashlib.scrypt(key.encode(), salt=_FINGERPRINT_SALT, n=2**14, r=8, p=1, dklen=12).hex()


def key_fingerprints() -> dict:
    return {
        "field_encryption": [fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
        "lookup_hash": fingerprint(settings.LOOKUP_HASH_KEY),
    }


def keyed_digest(purpose: str, data: bytes) -> str:
    """HMAC-SHA256 of data under a key derived from LOOKUP_HASH_KEY for one purpose (e.g. a backup's
    manifest): only a holder of the keys can produce it."""
    key = hashlib.sha256(f"skillup {purpose} v1\0{settings.LOOKUP_HASH_KEY}".encode()).digest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()
