"""Compact JWS with EdDSA (RFC 7515, RFC 8037) and the Bitstring Status List bits (W3C), nothing more:
no Django here, so `skillup verify` checks a credential offline (records/verify_cli.py)."""

import base64
import gzip
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

TYP = "vc+jwt"
ALG = "EdDSA"


class BadJWS(ValueError):
    """The text is not a compact JWS this verifier accepts (the message is Chinese, for people)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise BadJWS("凭证编码无效（不是 base64url）") from exc


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def jwk(kid: str, public_key_b64url: str) -> dict:
    """The public key as a JWK (RFC 8037 OKP)."""
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key_b64url, "kid": kid, "alg": ALG, "use": "sig"}


def sign(payload: dict, key: Ed25519PrivateKey, kid: str) -> str:
    header = {"alg": ALG, "kid": kid, "typ": TYP}
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    signature = key.sign(f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{b64url(signature)}"


def parse(token: str) -> tuple[dict, dict, bytes, bytes]:
    """(header, payload, signing input, signature) of a compact JWS, or BadJWS."""
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise BadJWS("不是签名凭证（应为三段以“.”分隔的 JWS）")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadJWS("凭证内容无法解析") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise BadJWS("凭证内容无法解析")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), b64url_decode(parts[2])


def verify(token: str, keys: dict[str, str]) -> dict:
    """The payload of a JWS signed by one of `keys` (kid → public key, base64url), or BadJWS saying why."""
    header, payload, signing_input, signature = parse(token)
    if header.get("alg") != ALG:
        raise BadJWS(f"签名算法 {header.get('alg')!r} 不受支持（应为 EdDSA）")
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in keys:
        raise BadJWS("签发密钥未知：凭证不是本区签发，或公钥列表不是最新")
    try:
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(keys[kid]))
        public.verify(signature, signing_input)
    except (InvalidSignature, ValueError) as exc:
        raise BadJWS("签名不符：凭证内容被改动过，或不是本区签发") from exc
    return payload


def keys_of(jwks: dict) -> dict[str, str]:
    """kid → x of the Ed25519 keys of a JWKS document."""
    out = {}
    for item in (jwks or {}).get("keys", []):
        ok = isinstance(item, dict) and item.get("kty") == "OKP" and item.get("crv") == "Ed25519"
        if ok and isinstance(item.get("kid"), str) and isinstance(item.get("x"), str):
            out[item["kid"]] = item["x"]
    return out


# Bitstring Status List: bit i (most significant bit of byte 0 is index 0) set means revoked.
MIN_BITS = 131072  # the W3C minimum length (16 KB), so one revocation does not single out a person


def encode_bits(revoked: set[int], size: int = MIN_BITS) -> str:
    data = bytearray(max(size, MIN_BITS) // 8)
    for index in revoked:
        data[index // 8] |= 0x80 >> (index % 8)
    return "u" + b64url(gzip.compress(bytes(data), mtime=0))


def bit_set(encoded: str, index: int) -> bool:
    raw = gzip.decompress(b64url_decode(encoded[1:] if encoded.startswith("u") else encoded))
    if index // 8 >= len(raw):
        raise BadJWS("状态列表中没有该凭证的位置")
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


# What the district issues to people: an Open Badges 3.0 certificate, or a CLR 2.0-style record bundle.
# Anything else it signs (its status list) is not a credential of a person and never verifies as one.
ISSUED_TYPES = ("OpenBadgeCredential", "ClrCredential")


def issued_type(payload: dict) -> str | None:
    types = payload.get("type")
    types = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in types:
        return None
    return next((t for t in types if t in ISSUED_TYPES), None)


def embedded_tokens(payload: dict) -> list[str]:
    """The compact JWS of each credential a record bundle embeds (enveloped VCs, VC 2.0 §4.13)."""
    subject = payload.get("credentialSubject")
    embedded = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    prefix = "data:application/vc+jwt,"
    return [
        e["id"].removeprefix(prefix)
        for e in embedded or []
        if isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"].startswith(prefix)
    ]
