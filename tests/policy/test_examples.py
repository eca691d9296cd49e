"""Every line of ../shared/quote-examples.jsonl through the CLI, checked as the reviewers' hook checks."""

from __future__ import annotations

import json

import pytest

from .conftest import SHARED, lines, run_cli

EXAMPLES = SHARED / "quote-examples.jsonl"


@pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/quote-examples.jsonl not present")
def test_every_shared_example_comes_out_right():
    rows = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    feed = "".join(
        json.dumps({k: v for k, v in r.items() if k != "expect"}, ensure_ascii=False) + "\n" for r in rows
    )
    done = run_cli(stdin=feed)
    assert done.returncode == 0, done.stderr
    outs = lines(done.stdout)
    assert len(outs) == len(rows)
    for row, out in zip(rows, outs, strict=True):
        expect = row["expect"]
        assert out["id"] == row["id"]
        if "error" in expect:
            assert "error" in out, row["id"]
        elif expect["eligible"]:
            assert out.get("eligible") is True and out.get("amount") == expect["amount"], (row["id"], out)
        else:
            assert out.get("eligible") is False and expect["refusal"] in out.get("refusals", []), (
                row["id"],
                out,
            )
