import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillup.registry.groups import TARGET_GROUPS, decode, encode, parse_groups


def test_chinese_names_separated_by_dun_hao_become_codes():
    assert parse_groups("企业职工、退役军人") == ["employee", "veteran"]
    assert parse_groups("失业人员，就业困难人员") == ["unemployed", "employment_difficulty"]


def test_an_unknown_group_is_named_in_the_message():
    with pytest.raises(ValueError, match="外星人"):
        parse_groups("企业职工、外星人")


@given(st.lists(st.sampled_from(sorted(TARGET_GROUPS)), unique=True))
def test_groups_survive_storage(codes):
    assert decode(encode(codes)) == codes


def test_target_group_names_have_one_source_the_policy_catalogue():
    """Issue 12: pages, forms and rosters show the plan's names from the catalogue; officers' shorter
    names are accepted as aliases of the same codes."""
    from skillup.policy.catalogue import default_catalogue
    from skillup.registry.groups import ALIASES, TARGET_GROUPS, parse_groups

    assert default_catalogue().groups == TARGET_GROUPS
    assert TARGET_GROUPS["urban_dibao"] == "城市低保家庭学员"  # the plan's wording (第7条)
    assert set(ALIASES.values()) <= set(TARGET_GROUPS)
    assert parse_groups("城镇低保家庭、城市低保家庭学员") == ["urban_dibao"]
