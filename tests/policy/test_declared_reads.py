"""Each rule declares the claim fields it reads (`@reads`, next to the rule); the batch quoter keys its memo
on their union. A rule that reads a field it did not declare would let claims that differ in that field
share one answer: this is caught."""

from __future__ import annotations

from hypothesis import given, settings

from skillup.policy import Claim
from skillup.policy.catalogue import default_catalogue
from skillup.policy.engine import Quoter, undeclared_reads
from skillup.policy.rules import RULES, Working
from skillup.policy.rules.working import reads

from .test_quote_many import claims

CAT = default_catalogue()


@settings(max_examples=300)
@given(claims)
def test_every_rule_reads_only_what_it_declares(claim):
    assert undeclared_reads(claim, CAT) == {}


@reads(lambda s, cat: ())
def sneaky_discount(w: Working) -> None:
    """A new rule that reads the cost but forgot to say so."""
    if w.claim.cost is not None and w.amount is not None and w.claim.cost < 100:
        w.amount = w.amount / 2


def test_a_rule_reading_an_undeclared_field_is_caught():
    claim = next(
        Claim(code, CAT.plan_window[0] or __import__("datetime").date(2021, 5, 1), None, cost=50)
        for code in sorted(CAT.schemes_by_code)
    )
    wrong = undeclared_reads(claim, CAT, (*RULES, sneaky_discount))
    assert wrong == {"sneaky_discount": {"cost"}}


def test_a_rule_without_a_declaration_is_refused_by_the_quoter(monkeypatch):
    def undeclared(w: Working) -> None:
        pass

    monkeypatch.setattr("skillup.policy.engine.RULES", (*RULES, undeclared))
    quoter = Quoter(CAT)
    code = sorted(CAT.schemes_by_code)[0]
    try:
        quoter._plan(code)
    except TypeError as exc:
        assert "declares no reads" in str(exc)
    else:
        raise AssertionError("a rule without @reads was accepted")


def test_the_memo_keys_on_the_union_of_the_declarations():
    quoter = Quoter(CAT)
    for code, scheme in CAT.schemes_by_code.items():
        plan = quoter._plan(code)
        union = set().union(*(rule.reads(scheme, CAT) for rule in RULES)) - {"occupation"}
        assert set(plan.fields) == {
            f for f in union if f in Claim.__dataclass_fields__ or f.startswith("person.")
        }
