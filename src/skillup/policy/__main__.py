"""`python -m skillup.policy quote ...`: the quote CLI without the project's console script."""

import sys

from .cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] != ["quote"]:
        print(
            "usage: python -m skillup.policy quote [--input FILE] [--catalogue FILE] [--compare]",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(main(args[1:]))
