"""The catalogue is the plan's data: complete, dated, cited, and readable by other apps."""

from __future__ import annotations

import datetime as dt

import pytest

from skillup.policy.catalogue import (
    CatalogueError,
    default_catalogue,
    load_catalogue,
    occupations,
    required_hours,
    schemes,
)

CAT = default_catalogue()


def test_annex2_lists_every_named_occupation_once():
    assert [n for n, c in CAT.category_of.items() if c == "A"][:3] == ["车工", "铣工", "焊工"]
    assert sum(1 for c in CAT.category_of.values() if c == "A") == 12
    assert sum(1 for c in CAT.category_of.values() if c == "B") == 17
    assert sum(1 for c in CAT.category_of.values() if c == "C") == 16
    # Annex 2 names 绍兴花雕制作 and 轴承套圈车削 twice; the catalogue keeps one of each.
    assert CAT.special_items.count("绍兴花雕制作") == 1
    assert CAT.special_items.count("轴承套圈车削") == 1
    assert len(CAT.special_items) == len(set(CAT.special_items)) == 108
    assert CAT.special_items[0] == "灰土回填" and CAT.special_items[-1] == "裱花蛋糕制作"


def test_every_value_carries_its_clause_and_window():
    for scheme in CAT.schemes_by_code.values():
        for entry in scheme.all_entries():
            assert entry.clause
            assert entry.valid_to is not None  # nothing runs forever: the plan ends 2021-12-31


def test_old_standards_of_clause_13_are_dated_values():
    grant = CAT.scheme("high_skill_training_grant")
    old = [e for e in grant.all_entries() if e.valid_to == dt.date(2019, 10, 28)]
    assert sorted(e.amount for e in old) == [2000, 3000]


def test_schemes_helper_describes_each_scheme():
    by_code = {s["code"]: s for s in schemes()}
    assert len(by_code) == 25
    vc = by_code["vocational_certificate"]
    assert vc["name_zh"] == "职业证书培训" and vc["payee"] == "person" and vc["personal"] is True
    assert vc["levels"] == ["初级", "中级", "高级", "技师", "高级技师"]
    assert vc["needs_occupation"] and vc["needs_hours"] and not vc["needs_cost"]
    assert by_code["directed_graduate_hiring"]["payee"] == "enterprise"
    assert by_code["directed_graduate_hiring"]["personal"] is False
    personal = {c for c, s in by_code.items() if s["personal"]}
    assert personal == {
        "vocational_certificate", "post_skill_upgrade", "skill_level_certificate", "special_ability",
        "project_training", "rural_leader_training", "employment_startup_training", "startup_awareness_training",
        "syb_training", "special_operation_safety", "veteran_skill_training", "chemical_dual_certificate",
        "elite_training",
    }  # fmt: skip


def test_occupations_helper_finds_entries_by_name():
    welder = occupations("焊工")
    assert [(o["name"], o["category"], o["scheme"], o["levels"], o["source"]) for o in welder] == [
        ("焊工", "A", "vocational_certificate", ["初级", "中级", "高级", "技师", "高级技师"], "附件2")
    ]
    item = occupations("电子产品装调")[0]
    assert (item["name"], item["category"], item["scheme"], item["levels"]) == (
        "电子产品装调",
        "专项",
        "special_ability",
        ["初级", "高级"],
    )
    # A/B/C (45) and the rest of the national catalogue's 198 skill occupations (D), then 108 items.
    assert len(occupations()) == 198 + 108
    d = occupations("化工总控工")[0]
    assert (d["category"], d["levels"], d["origin"]) == ("D", ["技师", "高级技师"], "national")
    assert "人社部发〔2017〕68号" in d["source"] or "国家职业资格目录" in d["source"]
    # Look-ups read names normalised: spaces and full-width forms do not matter.
    assert [o["name"] for o in occupations("焊 工")] == ["焊工"]
    assert occupations("装配式建筑灌浆(混凝土结构)")[0]["name"] == "装配式建筑灌浆（混凝土结构）"


def test_required_hours_by_scheme_level_and_date():
    assert required_hours("vocational_certificate", "焊工", "高级", on=dt.date(2020, 1, 1)) == 100
    assert required_hours("vocational_certificate", "美发师", "中级", on=dt.date(2020, 1, 1)) == 80
    assert required_hours("vocational_certificate", "焊工", "技师", on=dt.date(2020, 1, 1)) is None
    assert required_hours("post_skill_upgrade", None, "初级", on=dt.date(2020, 1, 1)) == 40
    assert required_hours("special_ability", "手机维修", "高级", on=dt.date(2021, 1, 1)) == 50
    assert required_hours("vocational_certificate", "焊工", "高级", on=dt.date(2022, 1, 1)) is None
    with pytest.raises(KeyError):
        required_hours("nope", on=dt.date(2020, 1, 1))


def test_a_malformed_overlay_names_the_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schemes:\n  syb_training:\n    standards:\n      - {amount: 900, clause: x}\n", encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match="valid"):
        load_catalogue(bad)


def test_caps_across_claims_are_catalogue_data_with_clause_and_validity():
    from skillup.policy.catalogue import default_catalogue

    cat = default_catalogue()
    assert set(cat.cap_of) == {
        "employment_startup_training", "startup_awareness_training", "syb_training", "veteran_skill_training",
        "difficult_enterprise_training", "enterprise_competition",
    }  # fmt: skip
    entrepreneurship = cat.cap_of["syb_training"]
    assert entrepreneurship is cat.cap_of["employment_startup_training"]
    (limit,) = entrepreneurship.limits
    assert (limit.amount, limit.clause, entrepreneurship.period) == (1000, "第6条", "action")
    assert cat.cap_of["enterprise_competition"].period == "year"
    assert cat.cap_of["difficult_enterprise_training"].limits[0].cap_field == "ui_premiums_last_year"


def test_a_cap_may_be_changed_by_an_overlay_and_a_bad_one_names_its_path(tmp_path):
    import datetime as dt
    from decimal import Decimal

    from skillup.policy import Claim, HistoryItem, Person, quote

    raised = tmp_path / "raised.yaml"
    raised.write_text(
        "caps:\n  veteran:\n    limits:\n"
        "      - {amount: 8000, valid: [2021-01-01, 2021-12-31], clause: 假设的新规定}\n",
        encoding="utf-8",
    )
    cat = load_catalogue(raised)
    claim = Claim("veteran_skill_training", dt.date(2021, 3, 1), months=3, cost=Decimal("4000"),
                  person=Person(groups=("veteran",)))  # fmt: skip
    history = (HistoryItem("veteran_skill_training", dt.date(2020, 5, 1), amount=Decimal("5000")),)
    assert quote(claim, history).refusals == ("cap_reached",)
    assert quote(claim, history, cat).amount == Decimal("3000.00")
    bad = tmp_path / "bad.yaml"
    bad.write_text("caps:\n  veteran:\n    period: weekly\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="caps.veteran.period"):
        load_catalogue(bad)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(
        "caps:\n  x:\n    {name_zh: x, schemes: [nope], per: person, period: year,"
        " limits: [{amount: 1, valid: [null, null], clause: x}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="caps.x.schemes"):
        load_catalogue(unknown)


def test_the_c_loader_reads_every_catalogue_file_as_the_python_safe_loader_does():
    """The catalogue is read with libyaml's safe loader when there is one (faster start of `skillup quote`):
    every shipped file gives the same data as PyYAML's pure-Python safe loader."""
    from pathlib import Path

    import yaml

    from skillup.policy.catalogue import SAFE_LOADER

    folder = Path(__import__("skillup.policy.catalogue", fromlist=["x"]).__file__).parent
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader), path.name  # noqa: S506
