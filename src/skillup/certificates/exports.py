"""The certificate register's spreadsheet (skillup.exports), from the same selector as the list page."""

from skillup.certificates import selectors
from skillup.exports.registry import exporter


@exporter(
    "certificates.list",
    filename="证书库.xlsx",
    title="证书库",
    headers=[
        "证书编号",
        "姓名",
        "身份证号",
        "证书类别",
        "职业（工种）",
        "等级",
        "发证机构",
        "发证日期",
        "来源",
    ],
)
def certificate_rows(user, params):
    qs = selectors.certificates_filtered(user, params)
    rows = (
        [
            c.number,
            c.person.name,
            c.person.id_masked,
            c.get_family_display(),
            c.occupation,
            c.level,
            c.issuer_name,
            c.issued_on,
            c.get_source_display(),
        ]
        for c in qs.iterator(chunk_size=2000)
    )
    return qs.count(), rows
