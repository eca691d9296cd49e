"""mypy checks the policy engine and every app's services (issue 12; files in pyproject's [tool.mypy]),
with django-stubs so model fields and choices have their types. It runs in `make test`, not only in
`make lint`, so a type error in a service turns CI red."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_passes_on_policy_and_services():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Success" in result.stdout
