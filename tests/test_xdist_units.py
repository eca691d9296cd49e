"""Every package- or module-scoped fixture defined under tests/ belongs to a unit of xdist work
(tests/conftest.py SHARED_FIXTURE_UNITS), so `make test` builds it once, on one worker."""

import re
from pathlib import Path

from tests.conftest import SHARED_FIXTURE_UNITS, unit_of

TESTS = Path(__file__).resolve().parent
SHARED = re.compile(r"@pytest\.fixture\([^)]*scope=\"(package|module|class)\"")


def test_every_shared_fixture_is_one_unit_of_work():
    missing = []
    for path in sorted(TESTS.rglob("*.py")):
        if SHARED.search(path.read_text(encoding="utf-8")):
            rel = path.relative_to(TESTS.parent).as_posix()
            where = rel.rsplit("/", 1)[0] + "/" if path.name == "conftest.py" else rel
            if unit_of(f"{where}::x") == f"{where}::x":
                missing.append(where)
    assert not missing, f"add to SHARED_FIXTURE_UNITS in tests/conftest.py: {missing}"
    assert unit_of("tests/demo/test_x.py::test_y") == "tests/demo/"
    assert unit_of("tests/policy/test_cli.py::test_a") == "tests/policy/test_cli.py::test_a"
    assert len(set(SHARED_FIXTURE_UNITS)) == len(SHARED_FIXTURE_UNITS)
