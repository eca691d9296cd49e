"""The comparison: a year's real claims re-checked under today's catalogue and under the draft.

Which claims count: every claim whose year is the chosen year, except those a reviewer sent back
(`rejected`). Automatically refused claims are in, because a draft may make them eligible. Each claim is
checked twice by `subsidies.checks.run` — the same code that checks a claim at creation and at every
approval (engine `quote_many` with the person's or enterprise's real history, filing, duplicates, payee
account) — once with today's catalogue and once with the draft's, which is built from the overlay by the
CLI's loader. Nothing is saved to the claims. Budgets: a department's committed amount is what
`fund.budgets` counts today (claims reserved from the department's approval on); under the draft it moves by
the draft's difference on those reserved claims.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from skillup.core.clock import today
from skillup.directory.catalogue import current as current_catalogue
from skillup.directory.catalogue import extend as extend_catalogue
from skillup.fund.budgets import RESERVED, used_by_department_year
from skillup.fund.selectors import budgets_visible_to
from skillup.registry.models import Organisation
from skillup.subsidies import checks
from skillup.subsidies.models import Claim
from skillup.subsidies.selectors import claims_visible_to
from skillup.whatif import overlay

ZERO = Decimal("0.00")
CHUNK = 500
FLIPS_LISTED = 50
COUNTED_ZH = (
    "计入测算的申领：补贴发生在所选年度、且未被审核退回（已退回）的全部申领，包括自动审核不通过的"
    "（草案可能使其符合条件）。每笔按其保存的申领事实和真实历史（同一人或企业此前未退回、未不通过的申领），"
    "用申领审核时的同一套自动审核（政策引擎 quote_many、备案、重复申领、收款账号）分别在现行目录和草案目录下核定一次，"
    "不改动任何申领。"
)


def counted_claims(user, year: int):
    return (
        claims_visible_to(user)
        .filter(year=year)
        .exclude(status=Claim.Status.REJECTED)
        .select_related("person")
        .order_by("id")
    )


def _row() -> dict:
    return {"claims": 0, "eligible_today": 0, "eligible_draft": 0, "amount_today": ZERO, "amount_draft": ZERO}


def _add(row: dict, t_ok: bool, t_amount: Decimal, d_ok: bool, d_amount: Decimal) -> None:
    row["claims"] += 1
    row["eligible_today"] += t_ok
    row["eligible_draft"] += d_ok
    row["amount_today"] += t_amount
    row["amount_draft"] += d_amount


def _finish(row: dict) -> dict:
    row["difference"] = row["amount_draft"] - row["amount_today"]
    return row


def _text(value):
    """JSON-safe: Decimals as two-place strings."""
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01'))}"
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text(v) for v in value]
    return value


def compare(user, year: int, overlay_text: str, progress: Callable[[int, int], None] | None = None) -> dict:
    """The comparison of one draft overlay for one year, as JSON-safe data (amounts as strings)."""
    # Both sides carry HR's occupation directory (附件2 注2), so only the draft's changes differ.
    draft = extend_catalogue(overlay.load(overlay_text))
    current = current_catalogue()
    on = today()
    qs = counted_claims(user, year)
    ids = list(qs.values_list("id", flat=True))
    if progress:
        progress(0, len(ids))
    schemes: dict[str, dict] = {}
    departments: dict[int, dict] = {}
    reserved_delta: dict[int, Decimal] = {}
    flips: list[dict] = []
    flip_count = changed = 0
    for start in range(0, len(ids), CHUNK):
        claims = list(qs.filter(id__in=ids[start : start + CHUNK]))
        checks.run(claims, today=on)  # today's rules: the catalogue the checks use for real claims
        before = {c.pk: (c.eligible, c.amount, list(c.refusals)) for c in claims}
        checks.run(claims, today=on, catalogue=draft)
        for c in claims:
            t_ok, t_amount, t_refusals = before[c.pk]
            d_ok, d_amount = c.eligible, c.amount
            _add(schemes.setdefault(c.scheme, _row()), t_ok, t_amount, d_ok, d_amount)
            _add(departments.setdefault(c.department_id, _row()), t_ok, t_amount, d_ok, d_amount)
            if c.status in RESERVED:
                reserved_delta[c.department_id] = (
                    reserved_delta.get(c.department_id, ZERO) + d_amount - t_amount
                )
            changed += t_amount != d_amount
            if t_ok != d_ok:
                flip_count += 1
                if len(flips) < FLIPS_LISTED:
                    flips.append(
                        {
                            "id": c.pk,
                            "scheme": c.scheme,
                            "occupation": c.occupation,
                            "level": c.level,
                            "date": c.entitlement_date.isoformat(),
                            "status": c.get_status_display(),
                            "eligible_today": t_ok,
                            "eligible_draft": d_ok,
                            "amount_today": t_amount,
                            "amount_draft": d_amount,
                            "refusals_today": checks.refusal_text(t_refusals),
                            "refusals_draft": checks.refusal_text(c.refusals),
                            "codes_draft": list(c.refusals),
                        }
                    )
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))

    budgets = {b.department_id: b.amount for b in budgets_visible_to(user).filter(year=year)}
    dept_ids = set(departments) | set(budgets)
    used = used_by_department_year({(d, year) for d in dept_ids})
    names = dict(Organisation.objects.filter(id__in=dept_ids).values_list("id", "short_name"))
    full = dict(Organisation.objects.filter(id__in=dept_ids).values_list("id", "name"))
    dept_rows = []
    for dept_id in sorted(dept_ids, key=lambda d: (names.get(d) or full.get(d) or "", d)):
        row = _finish(departments.get(dept_id) or _row())
        budget = budgets.get(dept_id)
        committed = used.get((dept_id, year), ZERO)
        committed_draft = committed + reserved_delta.get(dept_id, ZERO)
        row.update(
            id=dept_id,
            name=names.get(dept_id) or full.get(dept_id) or str(dept_id),
            budget=budget,
            committed_today=committed,
            committed_draft=committed_draft,
            headroom_today=None if budget is None else budget - committed,
            headroom_draft=None if budget is None else budget - committed_draft,
        )
        dept_rows.append(row)
    scheme_names = current.scheme_names()
    scheme_rows = [
        dict(_finish(schemes[code]), code=code, name=scheme_names.get(code, code))
        for code in [c for c in scheme_names if c in schemes] + sorted(set(schemes) - set(scheme_names))
    ]
    total = _row()
    for row in scheme_rows:
        for k in ("claims", "eligible_today", "eligible_draft", "amount_today", "amount_draft"):
            total[k] += row[k]
    _finish(total)
    budget_total = {
        k: sum((r[k] for r in dept_rows if r[k] is not None), ZERO)
        for k in ("budget", "committed_today", "committed_draft")
    }
    return _text(
        {
            "year": year,
            "counted": len(ids),
            "schemes": scheme_rows,
            "departments": dept_rows,
            "total": total,
            "budget_total": budget_total,
            "flips": flips,
            "flip_count": flip_count,
            "changed_count": changed,
        }
    )
