"""Issue 12: in the registry, directory, planning and accounts no view or template re-derives a rule as a
`may_*` flag, and every action's rule is a registered `can_<action>` verdict."""

import re
from pathlib import Path

import pytest

from skillup.core.permissions import PERMISSIONS

SRC = Path(__file__).parents[2] / "src/skillup"
APPS = ["registry", "directory", "planning", "accounts"]


@pytest.mark.parametrize("app", APPS)
def test_no_may_flags_in_views_services_or_templates(app):
    files = [*(SRC / app).glob("*.py"), *(SRC / "templates" / app).rglob("*.html")]
    found = [
        f"{f.name}: {m.group(0)}" for f in files for m in re.finditer(r"\b_?(may|MAY)_\w+", f.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    "name",
    [
        "reveal_id",
        "change_card",
        "change_bank_account",
        "record_recognition",
        "keep_facts",
        "employ",
        "apply_filing",
        "decide_filing",
        "edit_directory",
        "file_plan",
        "edit_plan",
        "submit_plan",
        "acknowledge_plan",
        "return_plan",
        "correct_report",
        "edit_skill_stats",
        "read_audit_log",
    ],
)
def test_each_action_has_one_registered_verdict(name):
    assert name in PERMISSIONS


def test_a_verdict_says_why_not(cast):
    from skillup.core.permissions import check

    verdict = check("reveal_id", cast.dept, cast.trainee_person)
    assert not verdict and verdict.reason == "该角色不能查看完整身份证号"
    assert check("reveal_id", cast.hr, cast.trainee_person)
