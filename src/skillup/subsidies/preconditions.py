"""Enterprise preconditions of a claim (第3、10、11条, and employment), checked from registry facts.

Each check gives basis lines with its clause and, when it fails, a refusal code (their Chinese is in
`checks.REFUSAL_NAMES`). Facts the engine needs that come from the registry (第11条: last year's
unemployment insurance premiums) are returned as overrides of the claim's facts, so they are never typed
and are re-read at every review step.
"""

from skillup.registry.facts import FactBook, describe
from skillup.registry.models_facts import Recognition

K = Recognition.Kind


def _line(rule: str, clause: str, detail: str) -> dict:
    return {"rule": rule, "clause": clause, "detail": f"{clause}：{detail}"}


def check(claim, book: FactBook) -> tuple[list[str], list[dict], dict]:
    """(refusals, basis lines, fact overrides) for one claim."""
    refusals: list[str] = []
    lines: list[dict] = []
    overrides: dict = {}
    day = claim.entitlement_date
    eid, pid = claim.enterprise_id, claim.person_id
    name = book.name(eid)

    # Any enterprise claim naming a person: that person works for the enterprise on the date.
    if eid and pid:
        emp = book.employed_at(pid, eid, day)
        if emp is None:
            refusals.append("not_employed")
            lines.append(
                _line(
                    "employment",
                    "第9至12条",
                    f"该人员在{day:%Y-%m-%d}不是{name}的职工（劳动关系登记），不予补贴",
                )
            )
        else:
            lines.append(
                _line("employment", "第9至12条", f"该人员{emp.start:%Y-%m-%d}起为{name}职工（劳动关系登记）")
            )

    if claim.scheme == "chemical_dual_certificate":
        org = book.enterprises.get(eid) if eid else (book.employer_on(pid, day) if pid else None)
        chemical = bool(org is not None and getattr(getattr(org, "enterprise", None), "chemical", False))
        if org is None:
            refusals.append("not_chemical_enterprise")
            lines.append(
                _line("chemical", "第3条", f"学员在{day:%Y-%m-%d}没有登记的工作单位，“双证制”限化工企业")
            )
        elif not chemical:
            refusals.append("not_chemical_enterprise")
            lines.append(_line("chemical", "第3条", f"{org.name}不是登记的化工企业，“双证制”限化工企业"))
        else:
            lines.append(_line("chemical", "第3条", f"{org.name}为登记的化工企业"))

    if claim.scheme == "difficult_enterprise_training":
        rec = book.difficulty(eid, day.year)
        if rec is None or not rec.covers(day):
            refusals.append("not_difficult_enterprise")
            overrides["ui_premiums_last_year"] = "0.00"
            lines.append(_line("difficulty", "第11条", f"{name}未被认定为{day.year}年度困难企业"))
        else:
            premiums = rec.ui_premiums_last_year or 0
            overrides["ui_premiums_last_year"] = f"{premiums:.2f}"
            lines.append(
                _line(
                    "difficulty",
                    "第11条",
                    f"{name}被认定为{day.year}年度困难企业（{rec.document}），"
                    f"上年度实缴失业保险费 {premiums:,.2f} 元（登记值）",
                )
            )

    if claim.scheme == "chief_technician_allowance":
        rec = book.recognition(eid, K.HIGH_SKILL_DEMO, day)
        if rec is None:
            refusals.append("not_high_skill_enterprise")
            lines.append(_line("chief", "第10条", f"{name}在{day:%Y-%m-%d}不是高技能人才集聚示范企业"))
        else:
            lines.append(
                _line("chief", "第10条", f"{name}{describe(rec)}为高技能人才集聚示范企业（{rec.document}）")
            )
        filing = book.chief_filing(eid, pid, day)
        if filing is None:
            refusals.append("chief_technician_not_filed")
            lines.append(
                _line("chief", "第10条", f"该人员在{day:%Y-%m-%d}没有经人社局备案的{name}首席技师记录")
            )
        else:
            until = f"至{filing.valid_until:%Y-%m-%d}" if filing.valid_until else "起"
            lines.append(
                _line(
                    "chief",
                    "第10条",
                    f"该人员为经备案的首席技师（{filing.valid_from:%Y-%m-%d}{until}，{filing.document}）",
                )
            )

    if claim.scheme == "enterprise_evaluation":
        rec = book.recognition(eid, K.PILOT, day)
        if rec is None:
            refusals.append("not_pilot_enterprise")
            lines.append(_line("pilot", "第10条", f"{name}在{day:%Y-%m-%d}不是职业技能等级认定试点企业"))
        else:
            lines.append(
                _line(
                    "pilot",
                    "第10条",
                    f"{name}为{rec.year or rec.valid_from.year}年起的职业技能等级认定试点企业（{rec.document}）",
                )
            )
        if not pid:
            refusals.append("facts_invalid")
            lines.append(_line("pilot", "第10条", "企业自主评价补贴按评价的每名职工申领，须写明职工身份证号"))
    return refusals, lines, overrides
