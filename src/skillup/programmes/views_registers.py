"""The page 首席技师与试点企业 (第10条): the pilot enterprises by year against the plan's growth, the
high-skill demonstration enterprises and the chief technicians' months used — with an xlsx export."""

from django.shortcuts import render

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.core.web import roles_required
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import registers
from skillup.registry import permissions as registry_permissions

VIEWERS = (*DISTRICT_WIDE, Role.ENTERPRISE)


def _d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


@roles_required(*VIEWERS)
def qualification_registers(request):
    user = request.user
    years = registers.pilot_years(user)
    chiefs = registers.chief_technicians(user)
    if request.GET.get("export") == "chiefs":
        rows = [
            [r["chief"].enterprise.name, r["chief"].person.name, r["chief"].person.id_masked, r["chief"].occupation,
             _d(r["chief"].valid_from), _d(r["chief"].valid_until), r["used"], r["term"] or "", r["left"] if r["left"] is not None else ""]
            for r in chiefs
        ]  # fmt: skip
        content = build_workbook(
            title="首席技师备案与津贴月数",
            headers=[
                "企业",
                "首席技师",
                "身份证号",
                "职业（工种）",
                "备案起",
                "备案止",
                "已申领月数",
                "期限（月）",
                "剩余月数",
            ],
            rows=rows,
            total_columns=[6],
            subtitle="第10条：首席技师技能岗位津贴每月1000元，最长不超过3年",
        )
        return xlsx_response("首席技师备案与津贴月数.xlsx", content)
    if request.GET.get("export") == "pilots":
        rows = [
            [y["year"], r.enterprise.name, _d(r.valid_from), r.document] for y in years for r in y["joined"]
        ]
        content = build_workbook(
            title="职业技能等级认定试点企业",
            headers=["加入年度", "企业", "认定起", "认定依据"],
            rows=rows,
            subtitle=registers.targets()["pilot_growth"]["clause"],
        )
        return xlsx_response("职业技能等级认定试点企业.xlsx", content)
    context = {
        "years": years,
        "goal": registers.targets()["pilot_growth"],
        "demo_enterprises": registers.high_skill_enterprises(user),
        "chiefs": chiefs,
        "term": registers.term_months(),
        "allow_keep": registry_permissions.can_keep_facts(user),
    }
    return render(request, "programmes/registers.html", context)
