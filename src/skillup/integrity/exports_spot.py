"""The spot-check spreadsheet (skillup.exports): a draw's classes, from the same selector as its page."""

from django.utils import timezone

from skillup.exports.registry import exporter
from skillup.integrity import selectors_spot


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@exporter(
    "integrity.spot_checks",
    filename="抽查班级.xlsx",
    title="抽查班级",
    headers=[
        "抽查月份",
        "顺序",
        "班级编号",
        "培训机构",
        "主管部门",
        "工种",
        "开班日期",
        "结业日期",
        "抽样权重",
        "评估人员",
        "状态",
        "检查日期",
        "受访学员",
        "确认参训",
        "电话回访",
        "接通并确认",
        "核对证书",
        "证书一致",
        "结论",
        "诚信线索",
        "风险分",
        "提交时间",
    ],
)
def spot_check_rows(user, params):
    qs = selectors_spot.spot_checks_filtered(user, params)
    rows = (
        [
            f"{i.draw.month:%Y-%m}",
            i.rank,
            i.klass.code,
            i.institution.name,
            i.department.label,
            f"{i.klass.occupation}{i.klass.level}",
            i.klass.start_date,
            i.klass.end_date,
            i.weight,
            i.auditor.display_name if i.auditor else "",
            i.get_status_display(),
            i.visited_on or "",
            i.interviewed,
            i.attended,
            i.called,
            i.reached,
            i.certs_checked,
            i.certs_genuine,
            i.get_result_display() if i.result else "",
            f"#{i.finding_id}" if i.finding_id else "",
            i.finding.score if i.finding_id else "",
            _when(i.submitted_at),
        ]
        for i in qs.iterator(chunk_size=2000)
    )
    return qs.count(), rows
