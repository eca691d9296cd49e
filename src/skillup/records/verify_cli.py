"""`skillup verify FILE [--jwks FILE] [--status-list FILE]`: checks a credential offline, without the
database or settings. The keys come from a JWKS file (`--jwks`, as served at /.well-known/jwks.json);
without one, the JWKS named by the credential's issuer is fetched (did:web → https://host/.well-known/
jwks.json). `--status-list` (the signed status list, as served) also checks revocation offline.

Exit codes: 0 valid, 1 invalid (changed, unknown key, not a credential), 2 revoked, 3 cannot check
(file unreadable, keys unavailable)."""

import argparse
import json
import sys
import urllib.request

from skillup.records import jose

VALID, INVALID, REVOKED, UNCHECKED = 0, 1, 2, 3


def _token(text: str) -> str:
    text = text.strip()
    if text.startswith("{"):
        data = json.loads(text)
        if isinstance(data, dict) and isinstance(data.get("jws"), str):
            return data["jws"].strip()
        ident = data.get("id", "") if isinstance(data, dict) else ""
        if isinstance(ident, str) and ident.startswith("data:application/vc+jwt,"):
            return ident.split(",", 1)[1]
        raise jose.BadJWS("文件是不带签名的凭证 JSON：请使用下载的签名凭证（.jwt）离线验证，或在线验证")
    return text


def _jwks_url(token: str) -> str:
    _header, payload, _si, _sig = jose.parse(token)
    issuer = payload.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(did, str) or not did.startswith("did:web:"):
        raise jose.BadJWS("凭证未注明 did:web 签发者，请用 --jwks 指定公钥文件")
    host = did.removeprefix("did:web:").split(":")[0].replace("%3A", ":")
    return f"https://{host}/.well-known/jwks.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="skillup verify", description="离线验证可验证凭证（JWS）")
    parser.add_argument("file")
    parser.add_argument("--jwks", help="公钥文件（/.well-known/jwks.json 的内容）")
    parser.add_argument("--status-list", help="状态列表文件（凭证 credentialStatus 指向的签名状态列表）")
    args = parser.parse_args(argv)
    try:
        with open(args.file, encoding="utf-8") as fh:
            token = _token(fh.read())
        if args.jwks:
            with open(args.jwks, encoding="utf-8") as fh:
                keys = jose.keys_of(json.load(fh))
        else:
            with urllib.request.urlopen(_jwks_url(token), timeout=10) as response:  # noqa: S310 (https only)
                keys = jose.keys_of(json.load(response))
    except jose.BadJWS as exc:
        print(f"无效：{exc}")
        return INVALID
    except (OSError, ValueError) as exc:
        print(f"无法验证：读取凭证或公钥失败（{exc}）")
        return UNCHECKED
    try:
        payload = jose.verify(token, keys)
    except jose.BadJWS as exc:
        print(f"无效：{exc}")
        return INVALID
    if jose.issued_type(payload) is None:
        print("无效：签名正确，但这不是证书凭证或档案凭证（如状态列表）")
        return INVALID
    issuer = payload.get("issuer", {})
    name = issuer.get("name", "") if isinstance(issuer, dict) else str(issuer)
    subject = payload.get("credentialSubject", {}) or {}
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    what = achievement.get("name", "") if isinstance(achievement, dict) else payload.get("name", "")
    if args.status_list:
        try:
            with open(args.status_list, encoding="utf-8") as fh:
                status = jose.verify(fh.read().strip(), keys)
            entry = payload.get("credentialStatus") or {}
            if entry.get("statusListCredential") != status.get("id"):
                print("无法验证：状态列表不是该凭证所指的列表")
                return UNCHECKED
            if status.get("type") != ["VerifiableCredential", "BitstringStatusListCredential"]:
                print("无法验证：状态列表文件不是签名的状态列表")
                return UNCHECKED
            bits = status["credentialSubject"]["encodedList"]
            if jose.bit_set(bits, int(entry["statusListIndex"])):
                print(f"已撤销：{what}（签发：{name}）已被发证机关撤销，请勿采信")
                return REVOKED
            inside = [jose.verify(t, keys) for t in jose.embedded_tokens(payload)]
            gone = [p for p in inside if jose.bit_set(bits, int(p["credentialStatus"]["statusListIndex"]))]
            if gone:
                print(f"已撤销：档案中有 {len(gone)} 张证书的凭证已被发证机关撤销，该档案凭证不再有效")
                return REVOKED
        except (OSError, ValueError, KeyError, TypeError, jose.BadJWS) as exc:
            print(f"无法验证撤销状态：{exc}")
            return UNCHECKED
        print(
            f"有效：{what}（签发：{name}，签发日期 {payload.get('validFrom', '')[:10]}），签名正确，未被撤销"
        )
    else:
        print(
            f"签名有效：{what}（签发：{name}，签发日期 {payload.get('validFrom', '')[:10]}）。"
            "未检查撤销状态：加 --status-list 文件，或扫码在线验证"
        )
    return VALID


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
