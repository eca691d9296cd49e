"""Who may be paid and which standard applies: person, occupation, level, validity."""

from __future__ import annotations

from decimal import Decimal

from ..catalogue import Entry, in_force
from ..catalogue.entries import windows_zh
from ..money import percent, yuan
from .working import Working, reads


# 第14条: people over retirement age drawing a monthly pension are outside the training policy.
@reads(lambda s, cat: {"person.pension"} if s.pension_excluded else ())
def pension(w: Working) -> None:
    if not w.scheme.pension_excluded:
        return
    if w.claim.person.pension:
        w.refuse(
            "not_eligible_person", "pension", "第14条", "第14条：按月领取养老金的人员不纳入培训补贴政策范围"
        )
    else:
        w.add("pension", "第14条", "第14条：未按月领取养老金，可纳入培训政策范围")


# 第7条 (living allowance) and 附件2/第7条 (veterans): the scheme is for named groups only.
@reads(lambda s, cat: {"person.groups"} if s.groups_required else ())
def target_group(w: Working) -> None:
    required = w.scheme.groups_required
    if not required:
        return
    names = "、".join(w.catalogue.groups.get(g, g) for g in required)
    held = [g for g in required if g in w.claim.person.groups]
    if held:
        w.add(
            "target_group",
            w.scheme.clause,
            f"{w.scheme.clause}：属{w.catalogue.groups.get(held[0], held[0])}，符合条件",
        )
    else:
        w.refuse(
            "not_eligible_person",
            "target_group",
            w.scheme.clause,
            f"{w.scheme.clause}：{w.scheme.name_zh}限于{names}；申请人不属于上述人员",
        )


# 附件2: A/B/C are listed; D is the rest of the national catalogue (技能类), with HR's directory (注2) beside it;
# a name in none of them is unknown, never paid as D. Special-ability items must be on the list.
def _reads_occupation(s, cat) -> set[str]:
    return {"occupation"} if s.occupations in ("vocational", "special_ability") else set()


@reads(_reads_occupation)
def occupation(w: Working) -> None:
    # The detail names the category and its source, not the occupation, so names that read alike share it.
    cat = w.catalogue
    if w.scheme.occupations == "vocational":
        finding = cat.find_occupation(w.claim.occupation, w.claim.date)
        if finding.category is None:
            w.refuse("unknown_occupation", "occupation_category", finding.clause, finding.detail)
        else:
            w.category = finding.category
            w.add("occupation_category", finding.clause, finding.detail)
    elif w.scheme.occupations == "special_ability":
        if cat.is_special_item(w.claim.occupation):
            w.add("occupation_category", "附件2", f"{cat.special_clause}：所报项目在专项职业能力目录内")
        else:
            w.refuse(
                "unknown_occupation",
                "occupation_category",
                "附件2",
                f"{cat.special_clause}：所报项目不在附件2 专项职业能力目录内",
            )


def _path(w: Working) -> tuple[list[str], list[str]]:
    """The key path into the scheme's table and its label words ('A类', '高级', '新证', '省外')."""
    c = w.claim
    path: list[str] = []
    label: list[str] = []
    for part in w.scheme.key:
        if part == "category":
            step, word = w.category or "", f"{w.category}类"
        elif part == "level":
            step = word = c.level or ""
        elif part == "kind":
            step, word = c.kind or "", w.scheme.kinds.get(c.kind or "", c.kind or "")
        else:  # region, 第8条: 大师班 mainly out of the province, the others within it
            out = c.out_of_province
            if out is None:
                out = w.scheme.out_of_province_default.get(c.kind or "", False)
            step = word = "省外" if out else "省内"
        path.append(step)
        label.append(word)
    return path, label


def _no_standard(w: Working, entries: tuple[Entry, ...], clause: str) -> None:
    plan_from, plan_to = w.catalogue.plan_window
    if plan_from and w.claim.date < plan_from:
        why = f"早于方案施行日 {plan_from}，方案末段只对第13条列明的原标准按原标准执行，本项没有原标准"
    elif plan_to and w.claim.date > plan_to:
        why = f"方案及附件2 有效期至 {plan_to} 止，此后无本方案标准"
    else:
        why = "不在任何标准的有效期内"
    w.refuse(
        "no_standard_in_force",
        "validity",
        w.catalogue.plan_clause,
        f"{w.catalogue.plan_clause}：申报日期{why}（本项标准有效期：{windows_zh(entries)}），无现行标准，不予核定",
    )


def _level_offered(w: Working) -> bool:
    levels = w.scheme.levels
    if levels and w.claim.level not in levels:
        w.refuse(
            "level_not_offered",
            "level_offered",
            w.scheme.clause,
            f"{w.scheme.clause}：{w.scheme.name_zh}不设 {w.claim.level or '（未填）'} 等级（仅 {'、'.join(levels)}）",
        )
        return False
    return True


# 附件2 注3 and 方案末段: a standard applies only inside its validity window.
def _reads_standard(s, cat) -> set[str]:
    """The key path (level, kind, region), the level offered, a cap named by a claim field, and the
    level of a "same or similar occupation" share (entries with `of`)."""
    entries = s.all_entries()
    fields = {e.cap_field for e in entries if e.cap_field}
    if s.levels or "level" in s.key or any(e.of for e in entries):
        fields.add("level")
    if "kind" in s.key or "region" in s.key:
        fields.add("kind")
    if "region" in s.key:
        fields.add("out_of_province")
    return fields


@reads(_reads_standard)
def standard(w: Working) -> None:
    if "unknown_occupation" in w.refusals or not _level_offered(w):
        return
    path, label = _path(w)
    entries = w.scheme.entries_at(tuple(path))
    if entries is None:
        offered = w.scheme.node_at(tuple(path[:-1]))
        rows = "、".join(offered) if isinstance(offered, dict) else ""
        w.refuse(
            "level_not_offered",
            "level_offered",
            w.scheme.clause,
            f"{w.scheme.clause}：{' '.join(label[:-1])} 不设 {label[-1]}"
            + (f"（仅 {rows}）" if rows else ""),
        )
        return
    entry = in_force(entries, w.claim.date)
    if entry is None:
        _no_standard(w, entries, w.scheme.clause)
        return
    w.entry, w.label = entry, " ".join(label)
    where = f"{entry.clause} {w.label}".strip()
    window = f"（有效期 {entry.window_zh()}）"
    if entry.amount is not None:
        w.amount = entry.amount
        w.add("standard", entry.clause, f"{where}：标准 {yuan(entry.amount)} 元{window}")
    elif entry.cap is not None:
        w.cap = entry.cap
        w.add("standard", entry.clause, f"{where}：最高 {yuan(entry.cap)} 元，按实结算{window}")
    elif entry.rate is not None:
        unit = {"hours": "课时", "days": "天", "months": "月"}[entry.per or "hours"]
        w.add("standard", entry.clause, f"{where}：每{unit} {yuan(entry.rate)} 元{window}")
    elif entry.cap_field is not None:
        w.cap = getattr(w.claim, entry.cap_field)
        w.add(
            "standard",
            entry.clause,
            f"{where}：职工教育经费列支后不足部分予以补助，最高不超过企业上年度实际缴纳的失业保险费"
            f" {yuan(w.cap or Decimal(0))} 元{window}",
        )
    elif entry.share is not None and entry.of:
        _share_of(w, entry)


# 附件2 项目制培训 / 第1、2条: at most a share of the same or nearest occupation's standard.
def _share_of(w: Working, entry: Entry) -> None:
    other = w.catalogue.scheme(entry.of or "")
    assert other is not None  # checked when the catalogue is loaded
    category = w.category or ""
    row = (category, w.claim.level or "") if other.key == ("category", "level") else (w.claim.level or "",)
    entries = other.entries_at(row)
    if entries is None:
        w.entry = None
        w.refuse(
            "level_not_offered",
            "level_offered",
            other.clause,
            f"{other.clause}：{category}类 不设 {w.claim.level}，没有可参照的相同或相近工种标准",
        )
        return
    base = in_force(entries, w.claim.date)
    if base is None or base.amount is None:
        w.entry = None
        _no_standard(w, entries, other.clause)
        return
    w.cap = base.amount * (entry.share or Decimal(0))
    w.add(
        "standard",
        entry.clause,
        f"{entry.clause}：不超过相同或相近工种（{category}类 {w.claim.level}）"
        f"标准 {yuan(base.amount)} 元的 {percent(entry.share or Decimal(0))} → 最高 {yuan(w.cap)} 元，按实结算"
        f"（有效期 {entry.window_zh()}）",
    )
