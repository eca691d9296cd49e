"""Integrity findings in the API (issue 11 item 7): the district's risk list for HR and the auditor, and
one class's findings for whoever may see that class, scoped as the pages are
(integrity.selectors.findings_visible_to: an institution sees its class's findings only once a case
including them has been opened)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from skillup.api.types import Limit, Offset
from skillup.core.permissions import require
from skillup.integrity import selectors
from skillup.integrity.engine import LABELS
from skillup.integrity.models import Finding
from skillup.integrity.permissions import can_read_findings
from skillup.training.selectors import classes_visible_to

router = Router(tags=["诚信监管"])


class SubjectOut(Schema):
    type: str = Field(description="class、claim、person 或 institution")
    id: str = Field(description="班级编号、申领 A<编号>、人员 P<编号>（不含身份证号）或机构代码")


class FindingOut(Schema):
    id: int
    signal: str
    signal_name: str
    source: str = Field(description="engine（大数据比对）或 spot_check（抽查评估）")
    subject: SubjectOut
    class_: str | None = Field(None, alias="class", description="所涉培训班编号")
    claim: int | None = None
    institution: str | None = Field(None, description="培训机构代码")
    department: str | None = Field(None, description="主管部门代码")
    score: str = Field(description="风险分 0–1，两位小数；0.50 及以上为须核查的线索")
    flagged: bool
    detail: str
    evidence: list[str]
    status: str = Field(description="open 待处理、cleared 已排除、confirmed 已查实、lapsed 数据已不再触发")
    status_name: str
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime | None
    cleared_at: dt.datetime | None
    clear_reason: str
    cases: list[str] = Field(description="所在核查案件的编号")

    @staticmethod
    def of(f: Finding) -> dict:
        return {
            "id": f.pk,
            "signal": f.signal,
            "signal_name": LABELS.get(f.signal, f.signal),
            "source": f.source,
            "subject": {"type": f.subject_type, "id": f.subject_ref},
            "class": f.klass.code if f.klass_id else None,
            "claim": f.claim_id,
            "institution": f.institution.code if f.institution_id else None,
            "department": f.department.code if f.department_id else None,
            "score": f"{f.score:.2f}",
            "flagged": f.flagged,
            "detail": f.detail,
            "evidence": [str(e) for e in f.evidence],
            "status": f.status,
            "status_name": f.get_status_display(),
            "first_seen_at": f.first_seen_at,
            "last_seen_at": f.last_seen_at,
            "cleared_at": f.cleared_at,
            "clear_reason": f.clear_reason,
            "cases": [c.code for c in f.cases.all()],
        }


class FindingsOut(Schema):
    count: int
    findings: list[FindingOut]


def _page(qs, limit: int, offset: int) -> dict:
    limit = max(1, min(limit, 1000))
    rows = qs.prefetch_related("cases")[offset : offset + limit]
    return {"count": qs.count(), "findings": [FindingOut.of(f) for f in rows]}


@router.get(
    "/integrity/findings",
    response=FindingsOut,
    by_alias=True,
    summary="诚信风险线索（人社局、第三方评估人员）",
)
def finding_list(
    request,
    signal: str = "",
    status: str = "",
    institution: str = "",
    department: str = "",
    min_score: str = "",
    subject_type: str = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The risk list of the page, highest score first. `institution` and `department` are organisation
    codes; `min_score` defaults to 0.50 (send 0 for every finding); a value outside 0–1 is a 400."""
    require(can_read_findings(request.user))
    params = {
        "signal": signal,
        "status": status,
        "institution": institution,
        "department": department,
        "min_score": min_score,
        "subject_type": subject_type,
    }
    return _page(selectors.findings_filtered(request.user, params), limit, offset)


@router.get(
    "/classes/{code}/findings",
    response=FindingsOut,
    by_alias=True,
    summary="培训班的诚信线索（按权限范围；机构在立案核查后可见本班线索）",
)
def class_findings(request, code: str, limit: Limit = 100, offset: Offset = 0):
    """Every finding on the class and on its claims that the caller may see, whatever the score; a class
    the caller may not see is 404."""
    klass = get_object_or_404(classes_visible_to(request.user), code=code)
    qs = (
        selectors.class_findings(request.user, klass)
        .select_related(*selectors.LIST_RELATED)
        .order_by("-score", "-id")
    )
    return _page(qs, limit, offset)
