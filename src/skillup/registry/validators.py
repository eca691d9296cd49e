"""Identity numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

Each validator returns the normalised value or raises ValueError with a Chinese message that says what
is wrong, so forms, uploads and the API can show it against the field or row.
"""

import datetime as dt
import re

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits of every region code).
PROVINCES = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    }
)
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    number = (value or "").strip().upper().replace(" ", "")
    if not number:
        raise ValueError("身份证号不能为空")
    if len(number) != 18:
        raise ValueError(f"身份证号应为18位，当前为{len(number)}位")
    if not _ID_SHAPE.match(number):
        raise ValueError("身份证号只能由数字组成，最后一位可以是X")
    if int(number[:2]) not in PROVINCES:
        raise ValueError("身份证号前两位不是有效的省级行政区划代码")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("身份证号中的出生日期无效") from None
    latest = today or dt.date.today()  # noqa: DTZ011 (services pass the business date)
    if birth < dt.date(1900, 1, 1) or birth > latest:
        raise ValueError("身份证号中的出生日期不在合理范围内")
    if id_check_char(number[:17]) != number[17]:
        raise ValueError("身份证号校验码错误")
    return number


def id_birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(number: str) -> str:
    """The 17th digit is odd for men, even for women."""
    return "男" if int(number[16]) % 2 else "女"


def mask_id_number(number: str) -> str:
    """330604********123X: region shown, birth date and sequence hidden, last four kept for the caller."""
    return number[:6] + "*" * 8 + number[14:] if len(number) == 18 else "*" * len(number)


def make_id_number(region: str, birth: dt.date, sequence: int, sex: str) -> str:
    """A valid identity number (for demo data and tests): `sequence` 0–99, sex "男"/"女"."""
    # The 17th digit carries the sex: odd for men, even for women.
    sex_digit = (sequence // 100 % 5) * 2 + (1 if sex == "男" else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence % 100:02d}{sex_digit}"
    return first17 + id_check_char(first17)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    code = (value or "").strip().upper().replace(" ", "")
    if not code:
        raise ValueError("统一社会信用代码不能为空")
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，当前为{len(code)}位")
    if not _USCC_SHAPE.match(code):
        raise ValueError("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValueError("统一社会信用代码校验码错误")
    return code


def make_uscc(region: str, body: str, kind: str = "91") -> str:
    """A valid code for demo data and tests: `kind` e.g. 91 (company), 52 (private non-enterprise unit)."""
    first17 = f"{kind}{region}{body}"
    if len(first17) != 17 or any(c not in USCC_CHARS for c in first17):
        raise ValueError("invalid parts for a credit code")
    return first17 + uscc_check_char(first17)


_PHONE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(value: str) -> str:
    """Mainland mobile numbers: spaces, dashes and a +86/0086 prefix are dropped; 11 digits remain."""
    digits = re.sub(r"[\s\-()（）]", "", value or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix) :]
            break
    if not _PHONE.match(digits):
        raise ValueError("手机号应为11位中国大陆手机号码")
    return digits
