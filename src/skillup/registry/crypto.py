"""Identity numbers at rest: Fernet ciphertext beside an HMAC-SHA256 look-up hash (DESIGN.md)."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def lookup_hash(plain: str) -> str:
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), plain.encode(), hashlib.sha256).hexdigest()


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
