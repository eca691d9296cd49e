"""The audit log's .xlsx export: the rows the page shows, with the page's filters (selectors.audit_filtered).
The time column is the real time; the business date stands beside it when SKILLUP_TODAY fixed it.

Written with core.xlsx directly: accounts sits below the exports app in the layers (tests/test_layers.py),
so it cannot register an exporter there."""

from django.utils import timezone

from skillup.accounts import audit_labels, selectors

AUDIT_HEADERS = ["序号", "时间", "业务日期", "操作人", "操作", "对象类型", "对象", "说明", "变更"]


def audit_row(entry) -> list:
    return [
        entry.seq,
        timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
        entry.business_date.isoformat() if entry.business_date else "",
        entry.actor_name,
        audit_labels.action_label(entry.action),
        audit_labels.object_type_label(entry.object_type),
        entry.object_id,
        entry.summary,
        audit_labels.changes_text(entry.object_type, entry.changes),
    ]


def audit_rows(user, params):
    qs = selectors.audit_filtered(user, params)
    return qs.count(), (audit_row(e) for e in qs.iterator(chunk_size=2000))
