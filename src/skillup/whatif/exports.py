"""The comparison as .xlsx (core.xlsx): by department with budgets, by scheme, or the flipped claims."""

from decimal import Decimal

from skillup.core.xlsx import build_workbook, xlsx_response


def _d(value):
    return "" if value is None else Decimal(value)


def workbook(run, by: str) -> tuple[str, bytes]:
    r = run.result
    subtitle = f"草案“{run.draft.name}”与现行标准对比，{run.year}年度，计入申领 {r['counted']} 笔"
    if by == "scheme":
        headers = [
            "补贴项目",
            "申领数",
            "现行符合数",
            "草案符合数",
            "现行金额（元）",
            "草案金额（元）",
            "差额（元）",
        ]
        rows = [
            [s["name"], s["claims"], s["eligible_today"], s["eligible_draft"]]
            + [_d(s[k]) for k in ("amount_today", "amount_draft", "difference")]
            for s in r["schemes"]
        ]
        return "按补贴项目", build_workbook(
            title=f"政策测算（按补贴项目）{run.year}",
            subtitle=subtitle,
            headers=headers,
            rows=rows,
            money_columns=[4, 5, 6],
            total_columns=[1, 2, 3, 4, 5, 6],
        )
    if by == "flips":
        headers = [
            "申领编号",
            "补贴项目",
            "职业（工种）",
            "等级",
            "补贴发生日期",
            "状态",
            "现行",
            "草案",
            "现行金额（元）",
            "草案金额（元）",
            "草案不予补贴原因",
        ]
        rows = [
            [f["id"], f["scheme"], f["occupation"], f["level"], f["date"], f["status"]]
            + ["符合" if f["eligible_today"] else "不符合", "符合" if f["eligible_draft"] else "不符合"]
            + [_d(f["amount_today"]), _d(f["amount_draft"]), f["refusals_draft"]]
            for f in r["flips"]
        ]
        return "资格变化的申领", build_workbook(
            title=f"政策测算（资格变化的申领，前{len(rows)}笔/共{r['flip_count']}笔）",
            subtitle=subtitle,
            headers=headers,
            rows=rows,
            money_columns=[8, 9],
        )
    headers = [
        "主管部门",
        "申领数",
        "现行符合数",
        "草案符合数",
        "现行金额（元）",
        "草案金额（元）",
        "差额（元）",
        "年度预算（元）",
        "现行已占用（元）",
        "草案已占用（元）",
        "现行结余（元）",
        "草案结余（元）",
    ]
    keys = (
        "amount_today",
        "amount_draft",
        "difference",
        "budget",
        "committed_today",
        "committed_draft",
        "headroom_today",
        "headroom_draft",
    )
    rows = [
        [d["name"], d["claims"], d["eligible_today"], d["eligible_draft"]] + [_d(d[k]) for k in keys]
        for d in r["departments"]
    ]
    return "按主管部门", build_workbook(
        title=f"政策测算（按主管部门）{run.year}",
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        money_columns=list(range(4, 12)),
        total_columns=list(range(1, 12)),
    )


def response(run, by: str):
    name, content = workbook(run, by)
    return xlsx_response(f"政策测算-{run.draft.name}-{run.year}-{name}.xlsx", content)
