"""Rules that read the person's earlier subsidies (第20条)."""

from __future__ import annotations

from ..catalogue import in_force
from ..names import normalise
from .working import Working, reads


# 第20条: at most three training subsidies per person per calendar year, personal schemes counted together.
@reads(lambda s, cat: ())  # the date only; the count comes from history
def annual_limit(w: Working) -> None:
    if not w.scheme.personal:
        return
    limit = in_force(w.catalogue.annual_limit, w.claim.date)
    if limit is None or limit.count is None:
        w.add("annual_limit", "第20条", "第20条：申报日期不在每年次数限制的有效期内，不计次数")
        return
    year = w.claim.date.year
    schemes = w.catalogue.schemes_by_code
    earlier = sum(
        1 for h in w.history if h.date.year == year and h.scheme in schemes and schemes[h.scheme].personal
    )
    nth = earlier + 1
    # Without history the year adds nothing ("本年度"), and claims of every year share one answer.
    when = f"{year}年" if w.history else "本年度"
    if nth > limit.count:
        w.refuse(
            "annual_limit",
            "annual_limit",
            limit.clause,
            f"{limit.clause}：{when}已享受 {earlier} 次培训补贴，本次为第 {nth} 次，超过每年 {limit.count} 次",
        )
    else:
        w.add("annual_limit", limit.clause, f"{limit.clause}：{when}第{nth}次补贴，未超过每年{limit.count}次")


# 第20条: the same occupation (project) at the same level is never subsidised twice, in any year. Names are
# compared normalised (amendment 1); a claim naming no occupation is never a repeat of another naming none.
@reads(lambda s, cat: ())  # without history nothing can repeat, so it reads nothing of the claim
def repeat_level(w: Working) -> None:
    if not w.scheme.repeat_excluded:
        return
    if not w.history:
        w.add("repeat_level", "第20条", "第20条：此前未享受过同一项目同一职业（项目）同一等级的补贴")
        return
    c = w.claim
    mine = normalise(c.occupation)
    # Without history nothing can repeat: one answer for every claim, whatever it names.
    if w.history and not mine:
        w.add(
            "repeat_level",
            "第20条",
            "第20条：本次未注明职业（项目），不与其他未注明职业（项目）的补贴视为重复",
        )
        return
    what = " ".join(x for x in (w.scheme.name_zh, c.occupation, c.level) if x)
    for h in w.history:
        if h.scheme == c.scheme and h.level == c.level and normalise(h.occupation) == mine:
            w.refuse(
                "repeat_level",
                "repeat_level",
                "第20条",
                f"第20条：已于 {h.date} 享受过 {what} 补贴，同一职业（项目）同一等级不可重复享受",
            )
            return
    w.add("repeat_level", "第20条", "第20条：此前未享受过同一项目同一职业（项目）同一等级的补贴")
