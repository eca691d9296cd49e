"""The training app's spreadsheets (skillup.exports): the class list and the class approvals record, each
built from the same selector as its page."""

from django.utils import timezone

from skillup.exports.registry import exporter
from skillup.policy.catalogue import scheme_names
from skillup.training import selectors


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@exporter(
    "training.classes",
    filename="培训班.xlsx",
    title="培训班",
    headers=[
        "班级编号",
        "培训机构",
        "主管部门",
        "补贴项目",
        "工种",
        "等级",
        "课时",
        "开班日期",
        "结业日期",
        "计划人数",
        "名册人数",
        "合格人数",
        "状态",
    ],
    total_columns=[10, 11],
)
def class_rows(user, params):
    qs = selectors.classes_filtered(user, params)
    names = scheme_names()
    rows = (
        [
            c.code,
            c.institution.name,
            c.department.label,
            names.get(c.scheme, c.scheme),
            c.occupation,
            c.level,
            c.hours,
            c.start_date,
            c.end_date,
            c.capacity,
            c.enrolled,
            c.passed,
            c.get_status_display(),
        ]
        for c in qs.iterator(chunk_size=2000)
    )
    return qs.count(), rows


@exporter(
    "training.approvals",
    filename="开班审批记录.xlsx",
    title="开班审批记录",
    headers=[
        "班级编号",
        "培训机构",
        "补贴项目",
        "工种",
        "等级",
        "课时",
        "开班日期",
        "结业日期",
        "计划人数",
        "状态",
        "提交时间",
        "审批人",
        "审批时间",
        "驳回原因",
    ],
)
def approval_rows(user, params):
    """Every class the department is competent for, waiting or decided, with who decided and when."""
    qs = selectors.approval_records(user, params)
    names = scheme_names()
    rows = (
        [
            c.code,
            c.institution.name,
            names.get(c.scheme, c.scheme),
            c.occupation,
            c.level,
            c.hours,
            c.start_date,
            c.end_date,
            c.capacity,
            c.get_status_display(),
            _when(c.submitted_at),
            c.decided_by.display_name if c.decided_by_id else "",
            _when(c.decided_at),
            c.reject_reason,
        ]
        for c in qs.iterator(chunk_size=2000)
    )
    return qs.count(), rows
