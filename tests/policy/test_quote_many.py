"""quote_many gives exactly the decisions quote gives one by one, though it shares them between claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from skillup.policy import Claim, HistoryItem, Person, quote, quote_many
from skillup.policy.catalogue import default_catalogue

CAT = default_catalogue()
SCHEMES = sorted(CAT.schemes_by_code)
# Names in both widths and with stray spaces (amendment 1), national-catalogue D names and a made-up one.
OCCUPATIONS = (
    sorted(CAT.category_of)[:8]
    + ["焊 工", "电力电缆安装运维工", "化工总控工 "]
    + list(CAT.special_items[:5])
    + ["装配式建筑灌浆（混凝土结构）", "装配式建筑灌浆(混凝土结构)", "宇宙飞船驾驶员"]
)
KINDS = sorted({k for s in CAT.schemes_by_code.values() for k in s.kinds})
EDGES = [dt.date(2019, 10, 28), dt.date(2019, 10, 29), dt.date(2021, 12, 31), dt.date(2022, 1, 1)]

dates = st.one_of(st.sampled_from(EDGES), st.dates(dt.date(2019, 1, 1), dt.date(2022, 6, 30)))
maybe = st.none

persons = st.builds(
    Person,
    groups=st.lists(st.sampled_from(sorted(CAT.groups)), max_size=2, unique=True).map(
        lambda g: tuple(sorted(g))
    ),
    pension=st.booleans(),
)
claims = st.builds(
    Claim,
    scheme=st.sampled_from(SCHEMES),
    date=dates,
    occupation=st.one_of(maybe(), st.sampled_from(OCCUPATIONS)),
    level=st.one_of(maybe(), st.sampled_from(["初级", "中级", "高级", "技师", "高级技师", "三级", "一级"])),
    hours=st.one_of(maybe(), st.integers(0, 130)),
    cost=st.one_of(maybe(), st.decimals(0, 60000, places=2)),
    uplifts=st.lists(
        st.sampled_from(["trade_friction", "public_training_base"]), max_size=2, unique=True
    ).map(tuple),
    kind=st.one_of(maybe(), st.sampled_from(KINDS)),
    days=st.one_of(maybe(), st.integers(0, 40)),
    months=st.one_of(maybe(), st.integers(0, 40)),
    year_of_scheme=st.one_of(maybe(), st.integers(0, 4)),
    out_of_province=st.one_of(maybe(), st.booleans()),
    ui_premiums_last_year=st.one_of(maybe(), st.decimals(0, 90000, places=2)),
    person=persons,
)
histories = st.lists(
    st.builds(
        HistoryItem,
        scheme=st.sampled_from(SCHEMES),
        date=dates,
        occupation=st.one_of(maybe(), st.sampled_from(OCCUPATIONS)),
        level=st.one_of(maybe(), st.sampled_from(["初级", "高级", "技师"])),
        months=st.one_of(maybe(), st.integers(0, 40)),
        amount=st.one_of(maybe(), st.decimals(0, 40000, places=2)),
        kind=st.one_of(maybe(), st.sampled_from(KINDS)),
    ),
    max_size=4,
).map(tuple)


@given(st.lists(st.tuples(claims, st.one_of(st.just(()), histories)), min_size=1, max_size=30))
def test_quote_many_equals_quote_one_by_one(batch):
    # Repeat the batch so memoised decisions are reused, not only computed.
    doubled = batch + batch
    assert quote_many(doubled) == [quote(c, h) for c, h in doubled]


@given(st.lists(claims, min_size=1, max_size=30))
def test_quote_many_under_an_overlay_catalogue_equals_quote(batch):
    from skillup.policy import Quoter

    quoter = Quoter(CAT)
    assert [quoter.quote(c) for c in batch] == [quote(c, (), CAT) for c in batch]


def test_claims_with_the_same_facts_share_one_decision_object():
    a = Claim("vocational_certificate", dt.date(2020, 6, 15), "焊工", "高级", 100)
    b = Claim("vocational_certificate", dt.date(2021, 2, 1), "车工", "高级", 130)
    c = Claim("vocational_certificate", dt.date(2020, 6, 15), "美发师", "高级", 100)
    d = Claim("vocational_certificate", dt.date(2020, 6, 15), "焊工", "高级", 99)
    first, second, third, fourth = quote_many(
        [(a, ()), (b, ()), (c, ())],
    ) + quote_many([(d, ())])
    assert first is second  # both category A, senior, minimum met, inside the plan window
    assert first.amount == Decimal("3500.00") and first.basis  # every claim still carries its full basis
    assert third.amount == Decimal("2500.00")  # category C is another decision
    assert fourth.refusals == ("too_short",)


@given(st.lists(st.tuples(claims, st.one_of(st.just(()), histories), st.booleans()), min_size=1, max_size=30))
def test_a_bare_claim_is_a_claim_without_history(batch):
    items = [c if bare and not h else (c, h) for c, h, bare in batch]
    assert quote_many(items) == [quote(c, h) for c, h, _ in batch]


@given(st.lists(claims, min_size=1, max_size=30))
def test_a_full_batch_memo_starts_again_and_still_gives_the_same_answers(batch):
    from skillup.policy import Quoter

    quoter = Quoter(CAT)
    quoter.MAX_MEMO = 3  # far fewer than the facts in the batch
    expected = [quote(c) for c in batch]
    assert quoter.quote_many(batch) == expected
    assert quoter.quote_many(batch) == expected


def test_a_batch_of_one_scheme_over_many_days_and_occupations():
    # The batch memo walks date stretch → occupation category → the other facts; edges of the windows included.
    days = [EDGES[0] + dt.timedelta(days=d) for d in range(0, 1200, 7)] + EDGES
    batch = [
        Claim("vocational_certificate", day, occupation, level, hours, uplifts=uplifts)
        for day in days
        for occupation in OCCUPATIONS
        for level, hours, uplifts in (
            ("高级", 100, ()),
            ("初级", 20, ("trade_friction",)),
            ("技师", None, ()),
        )
    ]
    assert quote_many(batch) == [quote(c) for c in batch]
