"""People paid by identity number (no citizen card on file) are each their own payee in the export, so
shared_payee does not read them as unrelated people paid into one account."""

import pytest

from skillup.integrity import engine
from skillup.integrity.export import records
from skillup.registry import payees
from tests.factories import PersonFactory
from tests.subsidies.factories import claims_for_class

pytestmark = pytest.mark.django_db


def test_claims_paid_by_identity_number_are_not_one_shared_account(cast):
    people = [PersonFactory(citizen_card="") for _ in range(4)]
    claims = claims_for_class(cast, people=people)
    assert len(claims) == 4 and {c.payee_account for c in claims} == {payees.BY_ID_NUMBER}
    out = list(records())
    accounts = [r["payee_account"] for r in out if r["type"] == "claim"]
    assert len(set(accounts)) == 4 and all(accounts)
    activity = engine.Activity()
    for r in out:
        engine.records.add(activity, r)
    assert [f for f in engine.scan(activity) if f["signal"] == "shared_payee"] == []


def test_one_card_shared_by_unrelated_people_is_still_one_account(cast):
    people = [PersonFactory(citizen_card="330600000000777") for _ in range(3)]
    claims_for_class(cast, people=people)
    activity = engine.Activity()
    for r in records():
        engine.records.add(activity, r)
    found = [f for f in engine.scan(activity) if f["signal"] == "shared_payee"]
    assert len(found) == 3 and all(f["score"] >= 0.5 for f in found)
