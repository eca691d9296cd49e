"""Issue 12: every action of the registry, directory, planning and accounts has a registered
`can_<action>` verdict (the grep for `may_*` flags over all apps is tests/core/test_one_rule.py)."""

from pathlib import Path

import pytest

from skillup.core.permissions import PERMISSIONS

SRC = Path(__file__).parents[2] / "src/skillup"
APPS = ["registry", "directory", "planning", "accounts"]


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
