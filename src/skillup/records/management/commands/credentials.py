"""`skillup credentials rotate-key|keys|issue-all|jwks` (docs/records.md "Credentials").

- `rotate-key`: a new current signing key; the previous one is retired but stays published.
- `keys`: the keys, current and retired.
- `issue-all`: a credential for every certificate of the register that has none yet.
- `jwks [--output FILE]`: the published keys, for `skillup verify --jwks` offline.
"""

import json

from django.core.management.base import BaseCommand

from skillup.records import services_credentials as svc
from skillup.records.models_credentials import IssuerKey


class Command(BaseCommand):
    help = "可验证凭证：轮换签发密钥（rotate-key）、查看密钥（keys）、批量签发（issue-all）、导出公钥（jwks）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rotate-key", help="启用新的签发密钥，旧密钥停用但继续公布")
        sub.add_parser("keys", help="列出签发密钥")
        sub.add_parser("issue-all", help="为证书库中尚无凭证的证书签发凭证")
        jwks = sub.add_parser("jwks", help="导出公钥（JWKS）")
        jwks.add_argument("--output", default=None)

    def handle(self, *args, **options):
        command = options["subcommand"]
        if command == "rotate-key":
            key = svc.key_rotate()
            self.stdout.write(f"已启用签发密钥 {key.kid}；旧密钥已停用，仍公布于 /.well-known/jwks.json")
        elif command == "keys":
            for key in IssuerKey.objects.all():
                state = f"停用于 {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else "当前"
                self.stdout.write(f"{key.kid}\t{state}")
        elif command == "issue-all":
            from skillup.records.selectors_credentials import certificates_without_credential

            count = 0
            for certificate in certificates_without_credential().select_related("person"):
                svc.credential_issue(None, certificate)
                count += 1
            self.stdout.write(f"已签发 {count} 份凭证")
        else:
            text = json.dumps(svc.jwks(), ensure_ascii=False, indent=2)
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            else:
                self.stdout.write(text)
