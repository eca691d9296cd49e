import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillup.registry.validators import (
    USCC_CHARS,
    id_birth_date,
    id_check_char,
    id_sex,
    make_id_number,
    make_uscc,
    mask_id_number,
    normalise_phone,
    validate_id_number,
    validate_uscc,
)

births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))


@given(births, st.integers(0, 499), st.sampled_from(["男", "女"]))
def test_every_generated_id_number_is_valid_and_keeps_birth_date_and_sex(birth, seq, sex):
    number = make_id_number("330604", birth, seq, sex)
    assert validate_id_number(number) == number
    assert id_birth_date(number) == birth
    assert id_sex(number) == sex


@given(births, st.integers(0, 499), st.sampled_from(["男", "女"]), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(birth, seq, sex, position, delta):
    number = make_id_number("330604", birth, seq, sex)
    digit = (int(number[position]) + delta) % 10
    forged = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValueError):
        validate_id_number(forged)


def test_a_known_real_format_number_passes_and_its_check_char_is_x_when_due():
    # GB 11643 worked example: 11010519491231002X.
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "不能为空"),
        ("33060419850412123", "应为18位"),
        ("33060419850412123A", "只能由数字组成"),
        ("990604198504121234", "省级行政区划"),
        ("330604198502301234", "出生日期无效"),
        ("330604203001011234", "不在合理范围"),
    ],
)
def test_bad_id_numbers_are_refused_with_a_chinese_reason(value, message):
    with pytest.raises(ValueError, match=message):
        validate_id_number(value)


def test_a_wrong_check_digit_says_so():
    number = make_id_number("330604", dt.date(1985, 4, 12), 12, "男")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValueError, match="校验码错误"):
        validate_id_number(wrong)


def test_masking_hides_birth_date_and_sequence():
    assert mask_id_number("33060419850412123X") == "330604********123X"


@given(
    st.text(alphabet=USCC_CHARS[:10], min_size=8, max_size=8),
    st.sampled_from(USCC_CHARS),
    st.sampled_from(["91", "52", "12"]),
)
def test_every_generated_credit_code_is_valid(body, last, kind):
    code = make_uscc("330604", body + last, kind)
    assert validate_uscc(code) == code


@given(st.text(alphabet=USCC_CHARS[:10], min_size=8, max_size=8), st.integers(0, 16), st.integers(1, 30))
def test_changing_one_credit_code_character_is_caught(body, position, delta):
    code = make_uscc("330604", body + "1", "91")
    replacement = USCC_CHARS[(USCC_CHARS.index(code[position]) + delta) % 31]
    forged = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValueError):
        validate_uscc(forged)


def test_a_published_credit_code_validates():
    # The worked example commonly cited for GB 32100.
    assert validate_uscc("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "message"), [("", "不能为空"), ("9133", "应为18位"), ("91330604MA2BCDEFGI", "不允许的字符")]
)
def test_bad_credit_codes_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        validate_uscc(value)


@pytest.mark.parametrize("raw", ["138 0013 8000", "+86 13800138000", "138-0013-8000", "008613800138000"])
def test_phones_are_normalised(raw):
    assert normalise_phone(raw) == "13800138000"


@pytest.mark.parametrize("raw", ["12345", "23800138000", "1380013800a"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValueError, match="手机号"):
        normalise_phone(raw)
