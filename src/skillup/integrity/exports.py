"""The risk list as .xlsx (skillup.exports): the same selector and filters as the page."""

from skillup.core.clock import business_time
from skillup.exports.registry import exporter
from skillup.integrity import selectors
from skillup.integrity.engine import LABELS

HEADERS = [
    "编号",
    "风险分",
    "线索类型",
    "来源",
    "对象类型",
    "对象编号",
    "培训班",
    "培训机构",
    "主管部门",
    "说明",
    "状态",
    "首次发现",
    "最近发现",
    "排除人",
    "排除时间",
    "排除理由",
]


def _when(value) -> str:
    return business_time(value).strftime("%Y-%m-%d %H:%M") if value else ""


@exporter("integrity.findings", filename="诚信风险线索.xlsx", title="诚信风险线索", headers=HEADERS)
def finding_rows(user, params):
    qs = selectors.findings_filtered(user, params).select_related("cleared_by")

    def rows():
        for f in qs.iterator(chunk_size=2000):
            yield [
                f.pk,
                f.score,
                LABELS.get(f.signal, f.signal),
                f.get_source_display(),
                f.get_subject_type_display(),
                f.subject_ref,
                f.klass.code if f.klass_id else "",
                f.institution.name if f.institution_id else "",
                f.department.label if f.department_id else "",
                f.detail,
                f.get_status_display(),
                _when(f.first_seen_at),
                _when(f.last_seen_at),
                f.cleared_by.display_name if f.cleared_by_id else "",
                _when(f.cleared_at),
                f.clear_reason,
            ]

    return qs.count(), rows()


from skillup.integrity import exports_spot  # noqa: E402, F401 — registers integrity.spot_checks
