import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "quote-examples.jsonl"


def test_one_claim_is_answered_with_its_basis(cast, api_client):
    body = {
        "id": "a",
        "scheme": "vocational_certificate",
        "date": "2020-06-15",
        "occupation": "焊工",
        "level": "高级",
        "hours": 100,
        "uplift": "trade_friction",
    }
    answer = api_client(cast.enterprise).post("/api/v1/quote", body).json()
    assert answer["id"] == "a"
    assert answer["eligible"] is True
    assert answer["amount"] == "4550.00"
    assert any("30%" in b["detail"] for b in answer["basis"])


@pytest.mark.skipif(not EXAMPLES.exists(), reason="shared examples not beside the repository")
def test_the_shared_examples_come_out_right_through_the_api(cast, api_client):
    rows = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    payload = [{k: v for k, v in r.items() if k != "expect"} for r in rows]
    answers = api_client(cast.trainee).post("/api/v1/quote", payload).json()
    assert len(answers) == len(rows)
    for row, out in zip(rows, answers, strict=True):
        expect = row["expect"]
        if expect["eligible"]:
            assert (out["eligible"], out["amount"]) == (True, expect["amount"]), row["id"]
        else:
            assert out["eligible"] is False and expect["refusal"] in out["refusals"], row["id"]


def test_a_bad_item_gets_an_error_naming_the_field_and_the_rest_is_answered(cast, api_client):
    answers = (
        api_client(cast.hr)
        .post(
            "/api/v1/quote",
            [
                {"id": "x", "scheme": "vocational_certificate", "date": "2020-13-01"},
                {"id": "y", "scheme": "no_such_scheme", "date": "2020-01-01"},
                {"id": "z", "scheme": "syb_training", "date": "2020-06-15", "hours": 56},
            ],
        )
        .json()
    )
    assert "date" in answers[0]["error"]
    assert "scheme" in answers[1]["error"]
    assert answers[2]["amount"] == "1000.00"


def test_malformed_json_is_400_not_500(cast, api_client):
    response = api_client(cast.hr).post("/api/v1/quote", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"


def test_quote_needs_a_token(client, db):
    assert client.post("/api/v1/quote", "{}", content_type="application/json").status_code == 401
