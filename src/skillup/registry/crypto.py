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
