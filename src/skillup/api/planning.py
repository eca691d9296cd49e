"""Reports API (API.md): GET /api/v1/reports/monthly?month=YYYY-MM&department= [&format=xlsx]."""

from django.http import Http404
from ninja import Router, Schema

from skillup.accounts.roles import Role
from skillup.core.permissions import require
from skillup.core.xlsx import xlsx_response
from skillup.planning import exports, figures, permissions, selectors, services

router = Router(tags=["计划与月报"])


class MonthlyRow(Schema):
    scheme: str
    scheme_name: str
    person_times: int
    claims: int
    amount_approved: str
    amount_paid: str
    classes: int
    trainees: int
    passes: int


class MonthlyTotals(Schema):
    person_times: int
    claims: int
    amount_approved: str
    amount_paid: str
    classes: int
    trainees: int
    passes: int


class MonthlyOut(Schema):
    month: str
    department: str | None
    department_name: str
    rows: list[MonthlyRow]
    totals: MonthlyTotals
    status: str
    version: int | None
    submitted_on: str | None
    late: bool


@router.get("/reports/monthly", response=MonthlyOut, summary="月报数据（部门本部门；人社局、财政局全部）")
def monthly_report(request, month: str, department: str = "", format: str = ""):
    user = request.user
    require(permissions.can_read_monthly_figures(user))
    day = services.parse_month(month)
    services.check_reportable(day)
    org = None
    if department or user.role == Role.DEPT:
        code = department or user.organisation.code
        org = selectors.departments_visible_to(user).filter(code=code).first()
        if org is None:
            raise Http404
    report = selectors.current_report(org, day) if org else None
    if report is not None and report.frozen:
        data = figures.from_json(report.figures)
    else:
        data = figures.for_month(org.pk if org else None, day)
    name = org.name if org else "全区"
    if format == "xlsx":
        return xlsx_response(f"{name}{day:%Y年%m月}月报.xlsx", exports.monthly_api(day, name, data))
    return {
        "month": f"{day:%Y-%m}",
        "department": org.code if org else None,
        "department_name": name,
        "rows": [_money(r) for r in data["rows"]],
        "totals": _money(data["totals"]),
        "status": report.status if report else "live",
        "version": report.version if report else None,
        "submitted_on": report.submitted_on.isoformat() if report and report.submitted_on else None,
        "late": bool(report and report.late),
    }


def _money(row: dict) -> dict:
    return {k: (f"{v:.2f}" if k.startswith("amount") else v) for k, v in row.items()}
