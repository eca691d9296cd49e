"""How much: minimum durations, term limits, the computed standard, uplifts and "up to" caps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..catalogue import in_force
from ..money import percent, yuan
from .working import Working, reads

_UNITS = {"hours": "课时", "days": "天", "months": "个月"}


# 附件2 (class hours) and 第7条 (veterans: at least 3 months): too short a training earns nothing.
def _reads_duration(s, cat) -> set[str]:
    entries = s.all_entries()
    return {f for f in ("hours", "months") if any(getattr(e, f) is not None for e in entries)}


@reads(_reads_duration)
def minimum_duration(w: Working) -> None:
    entry = w.entry
    if entry is None:
        return
    for field, minimum, unit in (("hours", entry.hours, "课时"), ("months", entry.months, "个月")):
        if minimum is None:
            continue
        # The detail says met or not met, not the figure, so claims on either side share one answer.
        actual = getattr(w.claim, field)
        if actual is not None and actual >= minimum:
            w.add("minimum_duration", entry.clause, f"{entry.clause}：要求不少于 {minimum} {unit}，已达到")
        else:
            w.refuse(
                "too_short",
                "minimum_duration",
                entry.clause,
                f"{entry.clause}：要求不少于 {minimum} {unit}，未达到",
            )


# 第9条 (apprentices, directed graduates: years) and 第10条 (chief technician: 36 months in all).
# With history it also reads `kind`, but the memo serves claims without history only.
@reads(lambda s, cat: {"year_of_scheme"} if any(e.term_years is not None for e in s.all_entries()) else ())
def term_limit(w: Working) -> None:
    entry = w.entry
    if entry is None:
        return
    if entry.term_years is not None:
        # Amendment 1: each earlier claim of the scheme (of the same kind, where the scheme has kinds) is a
        # subsidised year, whatever year_of_scheme says; a larger year stated by the caller still counts.
        year = w.claim.year_of_scheme or 0
        counted = ""
        if w.history:
            kinds = "kind" in w.scheme.key
            earlier = sum(
                1
                for h in w.history
                if h.scheme == w.scheme.code and (not kinds or h.kind in (None, w.claim.kind))
            )
            year = max(year, earlier + 1)
            counted = f"此前已补助 {earlier} 年，"
        if 1 <= year <= entry.term_years:
            w.add(
                "term_limit",
                entry.clause,
                f"{entry.clause}：补助不超过 {entry.term_years} 年，{counted}本次为第 {year} 年",
            )
        else:
            w.refuse(
                "term_exceeded",
                "term_limit",
                entry.clause,
                f"{entry.clause}：补助不超过 {entry.term_years} 年，{counted}本次为第 {year} 年，超出期限",
            )
    if entry.term_months is not None:
        used = sum(h.months or 0 for h in w.history if h.scheme == w.scheme.code)
        left = max(entry.term_months - used, 0)
        if left == 0:
            w.refuse(
                "term_exceeded",
                "term_limit",
                entry.clause,
                f"{entry.clause}：最多补助 {entry.term_months} 个月，此前已领 {used} 个月，已无剩余",
            )
        else:
            w.months_left = left
            w.add(
                "term_limit",
                entry.clause,
                f"{entry.clause}：最多补助 {entry.term_months} 个月，此前已领 {used} 个月，剩余 {left} 个月",
            )


# 附件2 乡村振兴带头人 (25 per hour, 16-48 h), 第7条 (50 a day), 第10条 (1000 a month): rate × units.
@reads(lambda s, cat: {e.per or "hours" for e in s.all_entries() if e.rate is not None})
def per_unit(w: Working) -> None:
    entry = w.entry
    if entry is None or entry.rate is None or w.refusals:
        return
    per = entry.per or "hours"
    units = int(getattr(w.claim, per) or 0)
    unit = _UNITS[per]
    detail = ""
    if entry.max_units is not None and units > entry.max_units:
        detail, units = f"超过 {entry.max_units} {unit}的按 {entry.max_units} {unit}计：", entry.max_units
    if per == "months" and w.months_left is not None and units > w.months_left:
        detail, units = f"只付剩余的 {w.months_left} 个月：", w.months_left
    w.amount = entry.rate * units
    w.add(
        "per_unit",
        entry.clause,
        f"{entry.clause}：{detail}{units} {unit} × {yuan(entry.rate)} 元 = {yuan(w.amount)} 元",
    )


# 附件2 注1 and 第11条: trade-friction or public-training-base uplift, never both.
@reads(lambda s, cat: {"uplifts"})  # every scheme: a misplaced uplift is explained (第20条)
def uplift(w: Working) -> None:
    requested = [code for code in w.claim.uplifts if code in w.catalogue.uplifts]
    if not requested:
        return
    found = [w.catalogue.uplifts[code] for code in requested]
    fitting = [u for u in found if w.scheme.code in u.applies_to]
    for u in found:
        if u not in fitting:
            names = "、".join(w.catalogue.schemes_by_code[c].name_zh for c in u.applies_to)
            w.add("uplift", u.clause, f"{u.clause}：{u.name_zh}仅适用于{names}；{w.scheme.name_zh}不上浮")
    if not fitting:
        return
    rated = [(u, in_force(u.rates, w.claim.date)) for u in fitting]
    usable = [(u, r) for u, r in rated if r is not None and r.rate is not None]
    for u, r in rated:
        if r is None:
            w.add("uplift", u.clause, f"{u.clause}：{u.name_zh}在申报日期不在有效期内，不上浮")
    if not usable:
        return
    # The larger rate is the one granted; the first requested wins a tie.
    best, rate_entry = max(usable, key=lambda pair: pair[1].rate or Decimal(0))
    rate = rate_entry.rate or Decimal(0)
    if len(fitting) > 1:
        names = "与".join(u.name_zh for u in fitting)
        w.add("uplift", best.clause, f"{best.clause}：{names}两者不重复享受，仅按{best.name_zh}计")
    if w.refusals or (w.amount is None and w.cap is None):
        w.add(
            "uplift",
            rate_entry.clause,
            f"{rate_entry.clause} {best.name_zh} {percent(rate)}：本次不予补贴，不计上浮",
        )
        return
    if w.amount is not None:
        w.amount = w.amount * (1 + rate)
        w.add(
            "uplift",
            rate_entry.clause,
            f"{rate_entry.clause} {best.name_zh} {percent(rate)} → {yuan(w.amount)} 元",
        )
    elif w.cap is not None:
        w.cap = w.cap * (1 + rate)
        w.add(
            "uplift",
            rate_entry.clause,
            f"{rate_entry.clause} {best.name_zh} {percent(rate)} → 最高 {yuan(w.cap)} 元",
        )


# 最高 / 不超过 (附件2, 第2、3、7、8、9、11、12条): the subsidy is the lower of the actual cost and the cap.
@reads(
    lambda s, cat: (
        {"cost"}
        if any(e.cap is not None or e.share is not None or e.cap_field for e in s.all_entries())
        else ()
    )
)
def cost_cap(w: Working) -> None:
    if w.cap is None or w.entry is None:
        return
    cost = w.claim.cost
    if cost is None:
        w.amount = Decimal(0)
        w.add("cost_cap", w.entry.clause, f"{w.entry.clause}：未提供实际费用，按 0 元结算")
        return
    w.amount = min(cost, w.cap)
    which = "按实际费用" if cost <= w.cap else "按上限"
    w.add(
        "cost_cap",
        w.entry.clause,
        f"{w.entry.clause}：实际费用 {yuan(cost)} 元，上限 {yuan(w.cap)} 元，{which} → {yuan(w.amount)} 元",
    )


def _worth(w: Working, scheme_code: str, day: dt.date, limit: Decimal) -> Decimal:
    """An earlier subsidy given without its amount: its scheme's full standard on its day (amendment 1) — the
    ceiling of an "up to" scheme; a ceiling read from a claim field is the whole limit."""
    scheme = w.catalogue.scheme(scheme_code)
    if scheme is None:
        return limit
    entries = scheme.all_entries()
    covering = [e for e in entries if e.covers(day)] or entries
    values = [e.amount if e.amount is not None else e.cap for e in covering]
    if any(e.cap_field for e in covering) or not any(v is not None for v in values):
        return limit
    return max(v for v in values if v is not None)


# Amendment 1 (第6、7、11、12条): a ceiling shared across claims of the same person or enterprise, over the
# action or per calendar year; earlier amounts come from history. Nothing left: cap_reached.
def _reads_shared_cap(s, cat) -> set[str]:
    cap = cat.cap_of.get(s.code)
    return {e.cap_field for e in (cap.limits if cap else ()) if e.cap_field}


@reads(_reads_shared_cap)
def cap_across_claims(w: Working) -> None:
    cap = w.catalogue.cap_of.get(w.scheme.code)
    if cap is None or w.refusals or w.amount is None:
        return
    entry = in_force(cap.limits, w.claim.date)
    if entry is None:
        return
    if entry.amount is not None:
        limit = entry.amount
    else:
        limit = getattr(w.claim, entry.cap_field or "", None) or Decimal(0)
    yearly = cap.period == "year"
    earlier = Decimal(0)
    for h in w.history:
        if h.scheme in cap.schemes and (not yearly or h.date.year == w.claim.date.year):
            earlier += h.amount if h.amount is not None else _worth(w, h.scheme, h.date, limit)
    left = max(limit - earlier, Decimal(0))
    # Without history the year adds nothing, and claims of every year share one answer.
    when = (f"{w.claim.date.year}年" if w.history else "本年度") if yearly else "本方案期间"
    head = f"{entry.clause}：{cap.name_zh}{when}不超过 {yuan(limit)} 元，此前已享受 {yuan(earlier)} 元"
    if left <= 0:
        w.refuse("cap_reached", "cap_across_claims", entry.clause, f"{head}，已无剩余")
        return
    paid = min(w.amount, left)
    which = "全额" if paid == w.amount else "只付剩余部分"
    w.amount = paid
    w.add("cap_across_claims", entry.clause, f"{head}，剩余 {yuan(left)} 元，{which} → {yuan(paid)} 元")
