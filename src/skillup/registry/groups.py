"""Target groups of the plan (clauses 1, 6, 7, 14): codes and names from the policy catalogue, plus the
shorter names officers type in rosters.

The codes are those of the quote contract (QUOTE.md), so a person's groups go to the policy engine as
they are stored.
"""

from skillup.policy.catalogue import default_catalogue

# One source (issue 12): the codes and the plan's Chinese names live in the policy catalogue
# (policy/catalogue/rules.yaml `groups`, 第7条); pages, forms, rosters and the engine all read them here.
TARGET_GROUPS: dict[str, str] = dict(default_catalogue().groups)
BY_CHINESE = {name: code for code, name in TARGET_GROUPS.items()}
# Shorter names and variants officers type into spreadsheets; each maps to one catalogue code.
ALIASES = {
    "企业职工": "employee",
    "职工": "employee",
    "农村转移劳动力": "rural_migrant",
    "农村两后生": "two_after_rural",
    "建档立卡低收入农户": "low_income_rural",
    "低收入农户": "low_income_rural",
    "零就业家庭": "zero_employment_family",
    "城镇低保家庭": "urban_dibao",
    "城市低保家庭": "urban_dibao",
    "低保家庭": "urban_dibao",
    "大学生": "student",
    "退役士兵": "veteran",
    "就业困难人员（含残疾人）": "employment_difficulty",
}
BY_CHINESE.update({name: code for name, code in ALIASES.items() if code in TARGET_GROUPS})
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
