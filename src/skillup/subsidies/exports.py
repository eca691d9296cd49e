"""The claims list as .xlsx (skillup.exports): the same selector and filters as the page; a large export
runs as a background job with progress (the claims export took 4.6 s inline)."""

from skillup.exports.registry import exporter
from skillup.policy.catalogue import scheme_names
from skillup.subsidies import selectors
from skillup.subsidies.checks import REFUSAL_NAMES

HEADERS = [
    "编号",
    "培训班",
    "姓名",
    "身份证号",
    "补贴项目",
    "职业（工种）",
    "等级",
    "主管部门",
    "年度",
    "收款方",
    "状态",
    "金额（元）",
    "不予补贴原因",
]


@exporter(
    "subsidies.claims",
    filename="补贴申领.xlsx",
    title="补贴申领",
    headers=HEADERS,
    money_columns=[11],
    total_columns=[11],
)
def claims_rows(user, params):
    qs = selectors.claims_filtered(user, params, id_hash=params.get("id_hash", "")).order_by("id")
    names = scheme_names()

    def rows():
        for c in qs.iterator(chunk_size=2000):
            yield [
                c.pk,
                c.klass.code if c.klass_id else "",
                c.person.name if c.person_id else "",
                c.person.id_masked if c.person_id else "",
                names.get(c.scheme, c.scheme),
                c.occupation,
                c.level,
                c.department.name,
                c.year,
                c.payee_name,
                c.get_status_display(),
                c.amount,
                "、".join(REFUSAL_NAMES.get(r, r) for r in c.refusals),
            ]

    return qs.count(), rows()
