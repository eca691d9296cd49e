"""The quote CLI keeps its contract: one answer per line, errors name the field, never a traceback."""

from __future__ import annotations

import io
import json

from skillup.policy.cli import main, run

from .conftest import lines, run_cli

GOOD = {"id": "g", "scheme": "syb_training", "date": "2020-06-15", "hours": 56}


def _feed(*objs) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs)


def test_it_answers_each_line_in_order_with_the_quote_shape():
    done = run_cli(stdin=_feed(GOOD, {**GOOD, "id": "h", "hours": 10}))
    assert done.returncode == 0
    first, second = lines(done.stdout)
    assert list(first) == ["id", "eligible", "amount", "basis", "refusals"]
    assert (first["id"], first["eligible"], first["amount"], first["refusals"]) == ("g", True, "1000.00", [])
    assert all(set(b) == {"rule", "clause", "detail"} for b in first["basis"])
    assert (second["id"], second["eligible"], second["amount"], second["refusals"]) == (
        "h",
        False,
        "0.00",
        ["too_short"],
    )
    assert "附件2" in done.stdout  # ensure_ascii=False: Chinese stays readable


def test_bad_lines_get_an_error_naming_the_field_and_the_next_line_is_still_answered():
    feed = _feed(
        "{not json",
        {**GOOD, "id": "d", "date": "15/06/2020"},
        {**GOOD, "id": "s", "scheme": "nope"},
        {"id": "m", "scheme": "vocational_certificate", "date": "2020-06-15", "level": "高级", "hours": 100},
        {**GOOD, "id": "c", "scheme": "modern_apprenticeship", "cost": "abc"},
        {**GOOD, "id": "u", "uplift": "both"},
        {**GOOD, "id": "p", "person": {"groups": ["martian"]}},
        ["a", "list"],
        {"scheme": "syb_training"},
        GOOD,
    )
    done = run_cli(stdin=feed)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    out = lines(done.stdout)
    assert len(out) == 10
    assert out[0]["id"] is None and out[0]["error"].startswith("line:")
    assert out[1] == {"id": "d", "error": "date: 日期格式应为 YYYY-MM-DD"}
    assert out[2]["error"].startswith("scheme:")
    assert out[3]["error"].startswith("occupation:")
    assert out[4]["error"].startswith("cost:")
    assert out[5]["error"].startswith("uplift:")
    assert out[6]["error"].startswith("person.groups[0]:")
    assert out[7]["error"].startswith("line:")
    assert out[8]["id"] is None and out[8]["error"].startswith("id:")
    assert out[9]["eligible"] is True


def test_blank_lines_are_skipped():
    done = run_cli(stdin="\n" + _feed(GOOD) + "   \n\n" + _feed({**GOOD, "id": "x"}))
    assert [o["id"] for o in lines(done.stdout)] == ["g", "x"]


def test_input_file_and_missing_input_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(_feed(GOOD), encoding="utf-8")
    assert lines(run_cli("--input", str(path)).stdout)[0]["amount"] == "1000.00"
    missing = run_cli("--input", str(tmp_path / "absent.jsonl"))
    assert missing.returncode == 1
    assert "--input" in missing.stderr and "Traceback" not in missing.stderr


def test_invalid_utf8_is_an_error_line_not_a_crash():
    out = io.BytesIO()
    run([b"\xff\xfe{}\n", _feed(GOOD).encode()], out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "error" in answers[0] and answers[1]["eligible"] is True


def test_usage_errors_exit_2(capsys):
    assert main(["--compare"]) == 2
    assert main(["--no-such-flag"]) == 2
    assert main(["--catalogue", "/nonexistent/overlay.yaml"]) == 2


def test_identical_claims_share_one_serialised_answer_but_keep_their_ids():
    out = io.BytesIO()
    run([_feed({**GOOD, "id": str(i)}).encode() for i in range(3)], out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [a["id"] for a in answers] == ["0", "1", "2"]
    assert answers[0]["basis"] == answers[2]["basis"]


def test_a_json_number_cost_is_read_as_an_exact_decimal_never_a_float():
    # 1.005 as a float is 1.00499…, which would round down; read exactly it rounds half-up to 1.01.
    done = run_cli(
        stdin='{"id": "n", "scheme": "modern_apprenticeship", "date": "2020-06-15", "cost": 1.005}\n'
    )
    assert lines(done.stdout)[0]["amount"] == "1.01"


def test_a_chunk_the_engine_cannot_quote_is_answered_claim_by_claim():
    """One quote_many per chunk; should it raise, each claim is quoted alone, so only the claim the engine
    cannot quote gets an error and the others keep their decisions."""
    import datetime as dt

    from skillup.policy import Claim, quote
    from skillup.policy.cli import _decide
    from skillup.policy.engine import Quoter

    good = Claim("vocational_certificate", dt.date(2020, 6, 1), "焊工", "初级", hours=80)
    bad = Claim("no_such_scheme", dt.date(2020, 6, 1))
    answers = _decide(Quoter(), [(good, ()), (bad, ()), (good, ())])
    assert answers[0] == answers[2] == quote(good)
    assert isinstance(answers[1], str) and answers[1].startswith("internal: UnknownScheme")
