"""Target groups of the plan (clauses 1, 6, 7, 14) with the Chinese names officers use in rosters.

The codes are those of the quote contract (QUOTE.md), so a person's groups go to the policy engine as
they are stored.
"""

TARGET_GROUPS: dict[str, str] = {
    "employee": "企业职工",
    "rural_migrant": "农村转移就业劳动者",
    "two_after": "两后生",
    "two_after_rural": "农村两后生",
    "unemployed": "失业人员",
    "veteran": "退役军人",
    "employment_difficulty": "就业困难人员",
    "disabled": "残疾人",
    "graduate": "高校毕业生",
    "farmer": "职业农民",
    "low_income_rural": "建档立卡低收入农户",
    "zero_employment_family": "零就业家庭",
    "urban_dibao": "城镇低保家庭",
    "student": "在校大学生",
}
BY_CHINESE = {name: code for code, name in TARGET_GROUPS.items()}
# Common variants officers type into spreadsheets.
BY_CHINESE.update(
    {
        "职工": "employee",
        "农村转移劳动力": "rural_migrant",
        "低收入农户": "low_income_rural",
        "建档立卡低收入农户家庭劳动力": "low_income_rural",
        "低保家庭": "urban_dibao",
        "大学生": "student",
        "退役士兵": "veteran",
        "就业困难人员（含残疾人）": "employment_difficulty",
    }
)
SEPARATORS = ("、", ",", "，", ";", "；", "/", " ")


def parse_groups(text: str) -> list[str]:
    """`企业职工、退役军人` → ["employee", "veteran"]; raises ValueError naming an unknown group."""
    raw = (text or "").strip()
    for sep in SEPARATORS[1:]:
        raw = raw.replace(sep, SEPARATORS[0])
    codes: list[str] = []
    for part in filter(None, (p.strip() for p in raw.split(SEPARATORS[0]))):
        code = BY_CHINESE.get(part) or (part if part in TARGET_GROUPS else None)
        if code is None:
            raise ValueError(f"人员类别“{part}”不是本方案的对象（可选：{'、'.join(TARGET_GROUPS.values())}）")
        if code not in codes:
            codes.append(code)
    return codes


def encode(codes: list[str]) -> str:
    """Stored as ",employee,veteran," so that `groups__contains=",veteran,"` filters on any database."""
    return "," + ",".join(codes) + "," if codes else ""


def decode(stored: str) -> list[str]:
    return [c for c in (stored or "").split(",") if c]


def names(codes: list[str]) -> str:
    return "、".join(TARGET_GROUPS.get(c, c) for c in codes)
