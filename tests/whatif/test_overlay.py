"""The overlay's `{replace: [...]}`: a dated list given again in full, so a validity window can shrink."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from skillup.policy import Claim, load_catalogue, quote
from skillup.policy.catalogue.overlay import merge
from skillup.whatif import overlay

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "what-if-earlier-end.yaml"
SENIOR_WELDER = dict(scheme="vocational_certificate", occupation="焊工", level="高级", hours=100)


def test_replace_gives_the_list_instead_of_extending_it():
    base = [{"amount": 1, "valid": [None, None], "clause": "x"}]
    new = [{"amount": 2, "valid": [None, None], "clause": "y"}]
    assert merge(base, new) == base + new
    assert merge(base, {"replace": new}) == new
    # Only in place of a dated list: elsewhere a mapping with a key `replace` merges as before.
    assert merge({"replace": 1, "a": 2}, {"replace": 3}) == {"replace": 3, "a": 2}


def test_the_documented_example_ends_the_standard_earlier():
    catalogue = load_catalogue(EXAMPLE)
    before = quote(Claim(date=dt.date(2021, 3, 31), **SENIOR_WELDER), (), catalogue)
    after = quote(Claim(date=dt.date(2021, 4, 1), **SENIOR_WELDER), (), catalogue)
    assert before.amount == Decimal("3500.00") and before.eligible
    assert not after.eligible and after.refusals == ("no_standard_in_force",)
    assert "2019-10-29 至 2021-03-31" in " ".join(b.detail for b in after.basis)


def test_every_dated_value_of_the_catalogue_is_offered_with_its_fields():
    by_key = overlay.entries_by_key()
    senior = by_key["schemes/vocational_certificate/standards/A/高级#0"]
    assert (senior.group, senior.label) == ("职业证书培训", "A类 · 高级")
    assert senior.fields == ["amount", "hours", "valid_from", "valid_until"]
    assert by_key["annual_limit#0"].fields == ["count", "valid_from", "valid_until"]
    assert by_key["uplifts/trade_friction/rates#0"].value("rate") == "0.30"
    assert by_key["schemes/special_operation_safety/standards/new#0"].label == "新证"
