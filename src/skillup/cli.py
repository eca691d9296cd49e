"""The `skillup` command: manage.py with settings preset, plus `skillup quote`, `skillup integrity scan` and `skillup verify` without Django."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "quote":
        # The quote contract needs no database and no settings (QUOTE.md).
        from skillup.policy.cli import main as quote_main

        return quote_main(argv[2:])
    if len(argv) > 2 and argv[1] == "integrity" and argv[2] == "scan" and "--store" not in argv:
        # The scan reads an activity export only: no database, no settings (INTEGRITY.md).
        from skillup.integrity.engine.cli import main as integrity_main

        return integrity_main(argv[2:])
    if len(argv) > 1 and argv[1] == "verify":
        # A credential checks offline against the published keys: no database, no settings.
        from skillup.records.verify_cli import main as verify_main

        return verify_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
