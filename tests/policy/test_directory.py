"""附件2 注2 in the engine: HR's directory extends the occupation look-up; replaced names stop being claimable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from skillup.policy import Claim, Quoter, quote, quote_many
from skillup.policy.catalogue import CatalogueError, DirectoryEntry, default_catalogue

CAT = default_catalogue()
NEW = DirectoryEntry(
    name="养老护理员",
    category="C",
    source="人社部 民政部《养老护理员国家职业技能标准（2019年版）》人社厅发〔2019〕92号",
    valid_from=dt.date(2019, 10, 1),
)
OLD = DirectoryEntry(
    name="智能楼宇管理员",
    category="C",
    source="附件2",
    replaced_by="楼宇智能化工程技术员",
    replaced_on=dt.date(2021, 7, 1),
)
WITH = CAT.with_directory([NEW, OLD])


def _certificate(occupation, day, level="中级", hours=80):
    return Claim("vocational_certificate", day, occupation, level, hours)


def test_a_new_occupation_takes_the_category_hr_assigns():
    decision = quote(_certificate("养老 护理员", dt.date(2020, 6, 15)), (), WITH)
    assert decision.amount == Decimal("1600.00")  # C/中级
    assert any("附件2 注2" in b.detail and "人社厅发〔2019〕92号" in b.detail for b in decision.basis)


def test_without_the_directory_it_is_unknown():
    decision = quote(_certificate("养老护理员", dt.date(2020, 6, 15)), (), CAT)
    assert decision.refusals == ("unknown_occupation",)


def test_a_new_occupation_is_unknown_before_it_was_announced():
    decision = quote(_certificate("养老护理员", dt.date(2019, 9, 30), "技师", None), (), WITH)
    assert decision.refusals == ("unknown_occupation",)
    assert any("自 2019-10-01 起" in b.detail for b in decision.basis)


def test_a_replaced_name_is_unknown_on_and_after_its_replacement():
    before = quote(_certificate("智能楼宇管理员", dt.date(2021, 6, 30)), (), WITH)
    on = quote(_certificate("智能楼宇管理员", dt.date(2021, 7, 1)), (), WITH)
    assert before.amount == Decimal("1600.00")
    assert on.refusals == ("unknown_occupation",)
    assert any("由“楼宇智能化工程技术员”取代" in b.detail for b in on.basis)


def test_the_catalogue_itself_is_unchanged():
    assert CAT.find_occupation("养老护理员", dt.date(2020, 6, 15)).category is None
    assert WITH.find_occupation("养老护理员", dt.date(2020, 6, 15)).category == "C"
    assert WITH.with_directory([]).find_occupation("养老护理员", dt.date(2020, 6, 15)).category == "C"


def test_quote_many_under_a_directory_gives_what_quote_gives():
    days = [dt.date(2019, 9, 30), dt.date(2019, 10, 1), dt.date(2021, 6, 30), dt.date(2021, 7, 1)]
    names = ["养老护理员", "养老 护理员", "智能楼宇管理员", "焊工", "宇宙飞船驾驶员"]
    batch = [
        _certificate(n, d, lvl, h) for n in names for d in days for lvl, h in (("中级", 80), ("技师", None))
    ]
    quoter = Quoter(WITH)
    assert quoter.quote_many(batch + batch) == [quote(c, (), WITH) for c in batch + batch]
    assert quote_many(batch, WITH) == [quote(c, (), WITH) for c in batch]
    assert [quoter.quote(c) for c in batch] == [quote(c, (), WITH) for c in batch]


def test_a_bad_category_is_refused():
    with pytest.raises(CatalogueError, match="类别"):
        CAT.with_directory([DirectoryEntry("新工种", "E", "x")])


def test_the_occupation_list_shows_directory_entries_and_leaves_out_replaced_ones_on_a_day():
    listed = {o["name"]: o for o in WITH.occupations()}
    assert listed["养老护理员"]["origin"] == "directory"
    assert listed["养老护理员"]["category"] == "C"
    on_day = {o["name"] for o in WITH.occupations(on=dt.date(2021, 7, 1))}
    assert "智能楼宇管理员" not in on_day and "养老护理员" in on_day
