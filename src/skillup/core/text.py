"""Control characters in text (issue 10 item 4): one rule for every input, one cleaner for every export.

Input: Unicode category Cc (U+0000–U+001F, U+007F–U+009F) is refused everywhere, except tab, line feed
and carriage return in a field that may hold several lines (a reason, a note). Nothing a person types
needs the others, and they break what reads the data later: PostgreSQL refuses NUL in text, the .xlsx
format refuses most of Cc, and a terminal or log viewer may obey them.
"""

import re

# Cc less \t \n \r: refused in every text value, multi-line or not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# All of Cc: refused in a single-line value.
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What the .xlsx format (XML 1.0) cannot hold; openpyxl raises IllegalCharacterError on these.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A lone UTF-16 surrogate: JSON's "\ud800" escape makes one, and no database or file encoding takes it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")

CONTROL_MESSAGE = "含有不可见的控制字符（如 U+{code:04X}），请删除后重新填写"
SURROGATE_MESSAGE = "含有无效的 Unicode 字符（U+{code:04X}），请删除后重新填写"


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first control character `value` may not hold, or None."""
    found = (_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(value)
    return found.group() if found else None


def control_message(char: str) -> str:
    return CONTROL_MESSAGE.format(code=ord(char))


def check_text(value: str, *, multiline: bool = False) -> str | None:
    """The Chinese message for a value holding a refused control character, or None when it is clean."""
    if found := _SURROGATE.search(value):
        return SURROGATE_MESSAGE.format(code=ord(found.group()))
    char = control_character(value, multiline=multiline)
    return control_message(char) if char is not None else None


def printable(value: str) -> str:
    """For output that must not fail: characters the .xlsx format cannot hold become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", value)
