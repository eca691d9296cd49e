"""Spreadsheets of plans, reports, lists, the dashboard and the ranking (core.xlsx layout)."""

from skillup.core.xlsx import build_workbook
from skillup.exports.registry import exporter
from skillup.planning import selectors, targets

MONTHLY_HEADERS = [
    "补贴项目",
    "开班数",
    "培训人数",
    "考核合格人数",
    "申领笔数",
    "补贴人次",
    "核定金额（元）",
    "已支付金额（元）",
]


PLAN_HEADERS = [
    "主管部门",
    "年度",
    "状态",
    "计划人次",
    "预算（元）",
    "报送期限",
    "报送日期",
    "是否逾期",
    "人社局备案",
    "财政局备案",
]


def _plan_row(p) -> list:
    return [
        p.department.label,
        p.year,
        p.get_status_display(),
        p.total_person_times or 0,
        p.total_budget,
        p.due_on,
        p.first_submitted_on or "",
        "逾期" if p.late else "",
        p.hr_ack_on or "",
        p.finance_ack_on or "",
    ]


@exporter(
    "planning.plans",
    filename="年度培训计划.xlsx",
    title="年度培训计划",
    headers=PLAN_HEADERS,
    money_columns=[4],
    total_columns=[3, 4],
)
def plans_rows(user, params):
    """The plan list's rows with the page's filters (selectors.plans_filtered)."""
    qs = selectors.plans_filtered(user, params)
    return qs.count(), (_plan_row(p) for p in qs)


def plan(plan, lines) -> bytes:
    rows = (
        [
            x["name"],
            x["line"].person_times,
            x["line"].standard_percent,
            x["line"].uplift_percent,
            x["line"].budget,
        ]
        for x in lines
    )
    return build_workbook(
        title=f"{plan.department.name}{plan.year}年度培训计划",
        subtitle=f"状态：{plan.get_status_display()}　报送期限：{plan.due_on:%Y-%m-%d}",
        headers=["补贴项目", "计划人次", "执行标准（占目录%）", "上浮比例%", "预算（元）"],
        rows=rows,
        money_columns=[4],
        total_columns=[1, 4],
    )


REPORT_HEADERS = [
    "主管部门",
    "月份",
    "版本",
    "状态",
    "报送期限",
    "首次报送日期",
    "是否逾期",
    "补贴人次",
    "核定金额（元）",
]


def _report_row(r) -> list:
    totals = (r.figures.get("totals") or {}) if r.frozen else {}
    return [
        r.department.label,
        f"{r.month:%Y-%m}",
        r.version,
        r.get_status_display(),
        r.due_on,
        r.first_submitted_on or "",
        "逾期" if r.late else "",
        totals.get("person_times", 0) if r.frozen else "",
        _dec(totals.get("amount_approved")) if r.frozen else "",
    ]


@exporter(
    "planning.reports",
    filename="月报报送情况.xlsx",
    title="月报报送情况",
    headers=REPORT_HEADERS,
    money_columns=[8],
)
def reports_rows(user, params):
    """The report list's rows with the page's filters (selectors.reports_filtered)."""
    qs = selectors.reports_filtered(user, params)
    return qs.count(), (_report_row(r) for r in qs)


def _dec(value):
    from decimal import Decimal

    return Decimal(value) if value not in (None, "") else Decimal("0.00")


def figures_sheet(data, *, title: str, subtitle: str) -> bytes:
    """A report's figures per scheme as a sheet: the monthly report and the annual report (exports_meetings)."""
    columns = ("classes", "trainees", "passes", "claims", "person_times", "amount_approved", "amount_paid")
    rows = [[r["scheme_name"], *(r[c] for c in columns)] for r in data["rows"]]
    return build_workbook(
        title=title,
        subtitle=subtitle,
        headers=MONTHLY_HEADERS,
        rows=rows,
        money_columns=[6, 7],
        total_columns=[1, 2, 3, 4, 5, 6, 7],
    )


def report(report, data) -> bytes:
    status = report.get_status_display() + ("（逾期）" if report.late else "")
    return figures_sheet(
        data,
        title=f"{report.department.name}{report.month:%Y年%m月}职业技能提升行动情况报表",
        subtitle=f"第{report.version}版　{status}　报送期限 {report.due_on:%Y-%m-%d}",
    )


def monthly_api(month, department_name, data) -> bytes:
    rows = [
        [
            r["scheme_name"],
            r["classes"],
            r["trainees"],
            r["passes"],
            r["claims"],
            r["person_times"],
            r["amount_approved"],
            r["amount_paid"],
        ]
        for r in data["rows"]
    ]
    return build_workbook(
        title=f"{department_name}{month:%Y年%m月}职业技能提升行动情况报表",
        headers=MONTHLY_HEADERS,
        rows=rows,
        money_columns=[6, 7],
        total_columns=[1, 2, 3, 4, 5, 6, 7],
    )


def overdue(rows, plans, today, annual=(), tasks=()) -> bytes:
    """Overdue reports, plans, annual reports and meeting tasks (第19条) in one list; 事项 names a task."""
    data = [["月报", r["department"].label, f"{r['month']:%Y-%m}", r["due"], r["days"], ""] for r in rows]
    data += [["年度计划", p["department"].label, str(p["year"]), p["due"], p["days"], ""] for p in plans]
    data += [["年报", a["department"].label, str(a["year"]), a["due"], a["days"], ""] for a in annual]
    data += [
        [
            "会议议定事项",
            t.owner.label,
            f"{t.meeting.held_on:%Y-%m-%d}",
            t.due_on,
            t.days_overdue,
            t.decision,
        ]
        for t in tasks
    ]
    return build_workbook(
        title="逾期未报清单",
        subtitle=f"截至 {today:%Y-%m-%d}",
        headers=["类别", "主管部门", "期间", "报送期限", "逾期天数", "事项"],
        rows=data,
    )


def dashboard(data) -> bytes:
    rows = (
        [
            d["name"],
            d["person_times"],
            d["planned"],
            d["year_person_times"],
            d["budget"] or "",
            d["year_reserved"],
            d["year_approved"],
            d["year_paid"],
            f"{d['budget_used'] * 100:.1f}%" if d["budget_used"] is not None else "",
        ]
        for d in data["departments"]
    )
    return build_workbook(
        title=f"全区技能提升行动进度（{data['year']}年）",
        subtitle=f"累计补贴 {data['total']['person_times']} 人次 / 目标 {data['target']} 人次",
        headers=[
            "主管部门",
            "累计补贴人次",
            f"{data['year']}年计划人次",
            f"{data['year']}年补贴人次",
            "预算（元）",
            "已占用（元）",
            "核定金额（元）",
            "已支付（元）",
            "预算使用率",
        ],
        rows=rows,
        money_columns=[4, 5, 6, 7],
        total_columns=[1, 2, 3, 4, 5, 6, 7],
    )


def ranking(rows, year) -> bytes:
    labels = targets.evaluation()["labels"]
    data = (
        [r["rank"], r["name"], r["score"]]
        + [f"{r['parts'][k] * 100:.1f}%" for k in labels]
        + [r["planned"], r["person_times"], f"{r['reports_on_time']}/{r['reports_due']}", r["findings"]]
        for r in rows
    )
    return build_workbook(
        title=f"{year}年度职业技能提升行动绩效评价排名",
        headers=["名次", "主管部门", "得分"]
        + list(labels.values())
        + ["计划人次", "补贴人次", "按时月报/应报", "查实案件涉及申领"],
        rows=data,
    )
