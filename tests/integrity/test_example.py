"""The engine on the shared example district, scored exactly as shared/integrity-score.py scores it."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys

import pytest

from skillup.integrity.engine import read, scan

from .conftest import EXAMPLE, KEY, SCORER, SRC

pytestmark = pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example is not here")


@pytest.fixture(scope="module")
def findings():
    with gzip.open(EXAMPLE, "rt", encoding="utf-8") as f:
        return scan(read(f))


def test_planted_cases_are_caught_and_honest_ones_left_alone(findings):
    key = json.loads(KEY.read_text(encoding="utf-8"))
    classes, claim_person = set(), {}
    with gzip.open(EXAMPLE, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "class":
                classes.add(r["id"])
            elif r["type"] == "claim":
                claim_person[r["id"]] = r["person"]
    flag = {"class": set(), "claim": set(), "person": set()}
    for f in findings:
        if f["score"] >= 0.5 and f["subject"]["type"] in flag:
            flag[f["subject"]["type"]].add(f["subject"]["id"])

    def claim_flagged(c):
        return c in flag["claim"] or claim_person.get(c) in flag["person"]

    planted = [c in flag["class"] for c in key["classes"]] + [claim_flagged(c) for c in key["claims"]]
    assert sum(planted) / len(planted) >= 0.95
    clean_classes = classes - set(key["classes"]) - set(key.get("excluded_classes", []))
    clean_claims = set(claim_person) - set(key["claims"]) - set(key.get("excluded_claims", []))
    assert sum(c in flag["class"] for c in clean_classes) / len(clean_classes) <= 0.01
    assert sum(claim_flagged(c) for c in clean_claims) / len(clean_claims) <= 0.01
    # every pattern of the key is found by the signal of that name
    found = {(f["subject"]["id"], f["signal"]) for f in findings}
    for c, kind in key["classes"].items():
        assert (c, kind) in found, (c, kind)


def test_every_finding_has_the_contract_shape_and_a_chinese_detail_with_figures(findings):
    assert findings
    for f in findings:
        assert set(f) == {"subject", "signal", "score", "detail", "evidence"}
        assert set(f["subject"]) == {"type", "id"}
        assert f["subject"]["type"] in {"institution", "class", "person", "claim"}
        assert 0 <= f["score"] <= 1
        assert re.search(r"[\u4e00-\u9fff]", f["detail"]) and re.search(r"\d", f["detail"]), f
        assert f["evidence"] and all(isinstance(e, str) for e in f["evidence"])


def test_the_shared_scorer_passes_the_cli_output(tmp_path):
    out = tmp_path / "findings.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "skillup.integrity.engine.cli",
            "scan",
            "--input",
            str(EXAMPLE),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert done.returncode == 0, done.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(EXAMPLE), str(KEY), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert "recall 1.000" in scored.stdout or "recall 0.9" in scored.stdout
