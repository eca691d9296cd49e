"""The case list as .xlsx (skillup.exports; registered through integrity/exports.py): the same selector
and filters as the page."""

from skillup.core.clock import business_time
from skillup.exports.registry import exporter
from skillup.integrity.selectors_cases import cases_filtered


@exporter(
    "integrity.cases",
    filename="核查案件.xlsx",
    title="核查案件",
    headers=[
        "案件编号",
        "案件名称",
        "涉及机构",
        "主管部门",
        "线索数",
        "承办人",
        "立案日期",
        "状态",
        "结论",
        "结论说明",
    ],
    total_columns=[4],
)
def case_rows(user, params):
    qs = cases_filtered(user, params)
    return qs.count(), (
        [
            c.code,
            c.title,
            c.institution.name if c.institution else "",
            c.department.name if c.department else "",
            c.n_findings,
            c.assignee.display_name if c.assignee else "",
            business_time(c.opened_at).date(),
            c.get_status_display(),
            c.get_outcome_display() if c.outcome else "",
            c.outcome_reason,
        ]
        for c in qs.iterator()
    )
