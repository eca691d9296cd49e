"""Policy explanations in plain Chinese, generated from the catalogue (第21条 加强政策解读): for each scheme who
is paid, what amount (every standard, cap, rate and limit read from the data), on what conditions, and the
clause. Nothing here is written by hand per scheme, so a changed catalogue entry changes the public page.

explain(default_catalogue(), on=date(2021, 6, 15)) -> Explanation(groups=[Group(payee, schemes=[...])])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .catalogue import Catalogue, Entry, Scheme, in_force
from .catalogue.entries import windows_zh

# What a claim must state, in the words of the application form.
FIELD_ZH = {
    "occupation": "职业（工种）",
    "level": "等级",
    "hours": "培训学时",
    "cost": "实际培训费用",
    "kind": "类别",
    "days": "天数",
    "months": "月数",
    "year_of_scheme": "享受年度（第几年）",
    "out_of_province": "是否省外研修",
    "ui_premiums_last_year": "上年度实际缴纳的失业保险费",
}
UNIT_ZH = {"hours": "学时", "days": "天", "months": "个月"}
APPLICANT_ZH = {
    "trainee": "由本人申领",
    "enterprise": "由企业申报",
    None: "培训班结业后由开班单位统一申报",
}
OCCUPATIONS_ZH = {
    "vocational": "标准按职业（工种）所属类别（附件2 A、B、C 类；其他国家职业为 D 类）确定",
    "special_ability": "限附件2所列专项职业能力考核项目",
}
PERIOD_ZH = {"action": "行动期内累计", "year": "每年累计"}
PER_ZH = {"person": "每人", "enterprise": "每家企业"}


@dataclass(frozen=True, slots=True)
class Standard:
    """One line of a scheme's standards: which row (e.g. "A类 · 高级"), the value, its window and clause."""

    row: str
    value: str
    window: str
    clause: str
    in_force: bool
    dated: bool  # the row has more than one dated standard (an old and a new one): show each window


@dataclass(frozen=True, slots=True)
class SchemeExplanation:
    code: str
    name: str
    clause: str
    payee: str
    who: str
    standards: tuple[Standard, ...]
    conditions: tuple[str, ...]
    valid: str
    in_force: bool


@dataclass(frozen=True, slots=True)
class Group:
    payee: str
    title: str
    schemes: tuple[SchemeExplanation, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    plan: str
    plan_clause: str
    plan_valid: str
    on: dt.date | None
    groups: tuple[Group, ...]
    notes: tuple[str, ...]

    def scheme(self, code: str) -> SchemeExplanation | None:
        for group in self.groups:
            for scheme in group.schemes:
                if scheme.code == code:
                    return scheme
        return None


def yuan(value: Decimal) -> str:
    """2100 → "2,100 元", 12.5 → "12.50 元": whole yuan without decimals, otherwise two places."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,} 元"
    return f"{value.quantize(Decimal('0.01')):,} 元"


def percent(value: Decimal) -> str:
    text = f"{(Decimal(value) * 100).normalize():f}"
    return f"{text}%"


def _value(entry: Entry, catalogue: Catalogue) -> str:
    parts: list[str] = []
    if entry.amount is not None:
        parts.append(f"补贴 {yuan(entry.amount)}")
    if entry.cap is not None:
        parts.append(f"按实际费用补贴，最高 {yuan(entry.cap)}")
    if entry.rate is not None and entry.per:
        unit = UNIT_ZH.get(entry.per, entry.per)
        text = f"每{unit.removeprefix('个')} {yuan(entry.rate)}"
        if entry.max_units is not None:
            text += f"，最多 {entry.max_units} {unit}"
        parts.append(text)
    if entry.share is not None and entry.of:
        other = catalogue.scheme(entry.of)
        name = other.name_zh if other else entry.of
        parts.append(f"按实际费用补贴，最高为同职业同等级「{name}」标准的 {percent(entry.share)}")
    if entry.cap_field:
        parts.append(f"按实际费用补助，最高不超过{FIELD_ZH.get(entry.cap_field, entry.cap_field)}")
    if entry.hours is not None:
        parts.append(f"培训不少于 {entry.hours} 学时")
    if entry.months is not None:
        parts.append(f"培训不少于 {entry.months} 个月")
    if entry.term_years is not None:
        parts.append(f"最多享受 {entry.term_years} 年")
    if entry.term_months is not None:
        parts.append(f"最长享受 {entry.term_months} 个月")
    return "；".join(parts) or "按规定标准"


def _row_label(scheme: Scheme, path: Sequence[str]) -> str:
    labels = []
    for part, value in zip(scheme.key, path, strict=True):
        if part == "category":
            labels.append(f"{value}类")
        elif part == "kind":
            labels.append(scheme.kinds.get(value, value))
        else:
            labels.append(value)
    return " · ".join(labels)


def _leaves(node: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], tuple[Entry, ...]]]:
    if isinstance(node, tuple):
        return [(path, node)]
    found = []
    for key, child in node.items():
        found.extend(_leaves(child, (*path, key)))
    return found


def _standards(scheme: Scheme, catalogue: Catalogue, on: dt.date | None) -> tuple[Standard, ...]:
    lines = []
    for path, entries in _leaves(scheme.standards):
        current = in_force(entries, on) if on else None
        for entry in entries:
            lines.append(
                Standard(
                    row=_row_label(scheme, path),
                    value=_value(entry, catalogue),
                    window=entry.window_zh(),
                    clause=entry.clause,
                    in_force=entry is current,
                    dated=len(entries) > 1,
                )
            )
    return tuple(lines)


def _in_force_on(entries: Sequence[Entry], on: dt.date | None) -> Entry | None:
    return in_force(entries, on) if on else (entries[-1] if entries else None)


def _conditions(scheme: Scheme, catalogue: Catalogue, on: dt.date | None) -> tuple[str, ...]:
    found = [APPLICANT_ZH.get(scheme.applicant, APPLICANT_ZH[None])]
    if scheme.groups_required:
        names = "、".join(catalogue.groups.get(g, g) for g in scheme.groups_required)
        found.append(f"限以下人员：{names}")
    if scheme.occupations:
        found.append(OCCUPATIONS_ZH[scheme.occupations])
    if scheme.levels:
        found.append(f"等级：{'、'.join(scheme.levels)}")
    needs = [FIELD_ZH.get(n, n) for n in scheme.needs]
    for name, levels in scheme.needs_for_levels.items():
        needs.append(f"{FIELD_ZH.get(name, name)}（{'、'.join(levels)}）")
    if needs:
        found.append(f"申请时需提供：{'、'.join(needs)}")
    if scheme.personal:
        limit = _in_force_on(catalogue.annual_limit, on)
        if limit is not None and limit.count is not None:
            found.append(f"计入个人培训补贴次数：每人每年最多 {limit.count} 次（{limit.clause}）")
    if scheme.repeat_excluded:
        found.append("同一职业（工种）同一等级只能享受一次")
    if scheme.pension_excluded:
        found.append("已按月领取养老金的人员不享受（第14条）")
    cap = catalogue.cap_of.get(scheme.code)
    if cap is not None:
        limit = _in_force_on(cap.limits, on)
        if limit is not None:
            amount = (
                yuan(limit.amount)
                if limit.amount is not None
                else FIELD_ZH.get(limit.cap_field or "", limit.cap_field or "")
            )
            others = [catalogue.scheme(c) for c in cap.schemes if c != scheme.code]
            shared = "、".join(s.name_zh for s in others if s)
            text = f"{PER_ZH.get(cap.per, cap.per)}{PERIOD_ZH.get(cap.period, '')}最高 {amount}（{limit.clause}）"
            found.append(text + (f"，与{shared}合并计算" if shared else ""))
    uplifts = [u for u in catalogue.uplifts.values() if scheme.code in u.applies_to]
    for uplift in uplifts:
        rate = _in_force_on(uplift.rates, on)
        if rate is not None and rate.rate is not None:
            found.append(f"{uplift.name_zh}：标准上浮 {percent(rate.rate)}（{uplift.clause}）")
    if len(uplifts) > 1:
        found.append("各项上浮不重复享受")
    for kind, outside in scheme.out_of_province_default.items():
        found.append(f"{scheme.kinds.get(kind, kind)}一般为{'省外' if outside else '省内'}研修")
    return tuple(found)


def _who(scheme: Scheme, catalogue: Catalogue) -> str:
    payee = catalogue.payees.get(scheme.payee, scheme.payee)
    return f"补贴发放给{payee}"


def explain_scheme(scheme: Scheme, catalogue: Catalogue, on: dt.date | None = None) -> SchemeExplanation:
    entries = scheme.all_entries()
    return SchemeExplanation(
        code=scheme.code,
        name=scheme.name_zh,
        clause=scheme.clause,
        payee=scheme.payee,
        who=_who(scheme, catalogue),
        standards=_standards(scheme, catalogue, on),
        conditions=_conditions(scheme, catalogue, on),
        valid=windows_zh(entries),
        in_force=on is None or any(e.covers(on) for e in entries),
    )


def explain(catalogue: Catalogue, on: dt.date | None = None) -> Explanation:
    """Every scheme of the catalogue, grouped by who is paid (in the catalogue's payee order), with the standards
    in force on `on` marked (None: no day is marked)."""
    by_payee: dict[str, list[SchemeExplanation]] = {}
    for scheme in catalogue.schemes_by_code.values():
        by_payee.setdefault(scheme.payee, []).append(explain_scheme(scheme, catalogue, on))
    order = [p for p in catalogue.payees if p in by_payee] + [
        p for p in by_payee if p not in catalogue.payees
    ]
    groups = tuple(
        Group(
            payee=p,
            title=f"补贴给{catalogue.payees.get(p, p)}",
            schemes=tuple(by_payee[p]),
        )
        for p in order
    )
    start, end = catalogue.plan_window
    notes = []
    limit = _in_force_on(catalogue.annual_limit, on)
    if limit is not None and limit.count is not None:
        notes.append(f"每人每年最多享受 {limit.count} 次个人培训补贴（{limit.clause}）")
    for uplift in catalogue.uplifts.values():
        rate = _in_force_on(uplift.rates, on)
        if rate is not None and rate.rate is not None:
            names = "、".join(catalogue.scheme_names().get(c, c) for c in uplift.applies_to)
            notes.append(f"{uplift.name_zh}：{names}标准上浮 {percent(rate.rate)}（{uplift.clause}）")
    return Explanation(
        plan=catalogue.plan_name,
        plan_clause=catalogue.plan_clause,
        plan_valid=f"{start.isoformat() if start else '不限'} 至 {end.isoformat() if end else '不限'}",
        on=on,
        groups=groups,
        notes=tuple(notes),
    )


__all__ = ["Explanation", "Group", "SchemeExplanation", "Standard", "explain", "explain_scheme", "yuan"]
