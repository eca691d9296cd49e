"""Filing (备案) pages: the institution applies; HR approves, rejects, suspends or revokes; HR's list of
institutions with their filing status."""

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.policy import catalogue
from skillup.policy.catalogue import scheme_names
from skillup.registry import permissions, selectors, services_filing
from skillup.registry.models import Filing
from skillup.registry.selectors_filing import filings_filtered, filings_visible_to

FILING_ROLES = (
    Role.HR,
    Role.HR_ADMIN,
    Role.AUDITOR,
    Role.INSTITUTION,
    Role.ASSESSOR,
    Role.DEPT,
    Role.FINANCE,
)
APPLICANTS = (Role.INSTITUTION, Role.ASSESSOR)
ITEM_ROWS = 8


def _flash(request, exc):
    show_error(request, exc)


@roles_required(*FILING_ROLES)
def filing_list(request):
    qs = filings_filtered(request.user, request.GET)
    return render(
        request,
        "registry/filing_list.html",
        {
            "page_obj": paginate(request, qs),
            "statuses": Filing.Status.choices,
            "schemes": scheme_names(),
            "apply": permissions.can_apply_filing(request.user),
        },
    )


@roles_required(Role.INSTITUTION, Role.ASSESSOR, Role.HR, Role.HR_ADMIN)
def filing_create(request):
    """An institution (or an assessment institution) applies for itself; HR registers a new training
    institution together with its application."""
    is_hr = request.user.role not in APPLICANTS
    org = None if is_hr else request.user.organisation
    if request.method == "POST":
        items = []
        for i in range(ITEM_ROWS):
            scheme = request.POST.get(f"scheme_{i}", "")
            if scheme:
                items.append(
                    {
                        "scheme": scheme,
                        "occupation": request.POST.get(f"occupation_{i}", ""),
                        "levels": request.POST.get(f"levels_{i}", ""),
                        "row": i + 1,  # the form's row, so an error names the row the officer sees
                    }
                )
        profile = {k: request.POST.get(k, "") for k in ("address", "contact_name", "contact_phone")}
        try:
            if is_hr:
                filing = services_filing.institution_apply(
                    actor=request.user,
                    name=request.POST.get("name", ""),
                    uscc=request.POST.get("uscc", ""),
                    items=items,
                    **profile,
                )
            else:
                filing = services_filing.filing_submit(
                    actor=request.user, institution=org, items=items, **profile
                )
        except (RuleViolation, StateConflict) as exc:
            _flash(request, exc)
        else:
            messages.success(request, "备案申请已提交，人社局审核后即可按备案范围开班。")
            return redirect("filing_detail", pk=filing.pk)
    return render(
        request,
        "registry/filing_form.html",
        {
            "org": org,
            "is_hr": is_hr,
            "profile": {k: getattr(org, k, "") for k in ("address", "contact_name", "contact_phone")},
            "schemes": [
                s
                for s in catalogue.schemes()
                if request.user.role != Role.ASSESSOR or s["code"] in services_filing.ASSESSOR_SCHEMES
            ],
            "rows": range(ITEM_ROWS),
            "post": request.POST,
        },
    )


@roles_required(*FILING_ROLES)
def filing_detail(request, pk):
    filing = get_object_or_404(filings_visible_to(request.user), pk=pk)
    return render(
        request,
        "registry/filing_detail.html",
        {
            "filing": filing,
            "schemes": scheme_names(),
            "decide": permissions.can_decide_filing(request.user, filing),
            "plan_end": services_filing.plan_end(),
            "beyond_plan": services_filing.beyond_plan(filing.valid_until),
        },
    )


@require_POST
@roles_required(Role.HR, Role.HR_ADMIN)
def filing_decide(request, pk):
    filing = get_object_or_404(filings_visible_to(request.user), pk=pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            valid_from = _date(request.POST.get("valid_from"))
            valid_until = _date(request.POST.get("valid_until"))
            services_filing.filing_approve(
                actor=request.user, filing=filing, valid_from=valid_from, valid_until=valid_until
            )
            if end := services_filing.beyond_plan(valid_until):
                messages.warning(
                    request,
                    f"备案有效期超过实施方案截止日 {end:%Y年%m月%d日}：该日以后开展的培训不能按本方案申领补贴。",
                )
        elif action == "reject":
            services_filing.filing_reject(actor=request.user, filing=filing, reason=reason)
        elif action == "suspend":
            services_filing.filing_suspend(actor=request.user, filing=filing, reason=reason)
        elif action == "revoke":
            services_filing.filing_revoke(actor=request.user, filing=filing, reason=reason)
        else:
            raise RuleViolation("未知的操作", field="action")
    except (RuleViolation, StateConflict) as exc:
        _flash(request, exc)
    else:
        messages.success(request, "已处理。")
    return redirect("filing_detail", pk=pk)


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise RuleViolation("日期格式应为 YYYY-MM-DD", field="valid_until") from None


@roles_required(Role.HR, Role.HR_ADMIN, Role.AUDITOR, Role.DEPT)
def institution_list(request):
    qs = (
        selectors.institutions_visible_to(request.user)
        .annotate(
            approved=Count(
                "organisation__filings",
                filter=Q(organisation__filings__status=Filing.Status.APPROVED),
                distinct=True,
            ),
            pending=Count(
                "organisation__filings",
                filter=Q(organisation__filings__status=Filing.Status.SUBMITTED),
                distinct=True,
            ),
            stopped=Count(
                "organisation__filings",
                filter=Q(
                    organisation__filings__status__in=[
                        Filing.Status.SUSPENDED,
                        Filing.Status.REVOKED,
                        Filing.Status.REJECTED,
                    ]
                ),
                distinct=True,
            ),
            classes=Count("organisation__classes", distinct=True),
        )
        .order_by("organisation__name")
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(organisation__name__icontains=q)
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                i.organisation.name,
                i.organisation.uscc,
                i.get_kind_display(),
                i.approved,
                i.pending,
                i.stopped,
                i.classes,
            ]
            for i in qs
        )
        return xlsx_response(
            "培训机构.xlsx",
            build_workbook(
                title="培训机构",
                headers=[
                    "机构名称",
                    "统一社会信用代码",
                    "类型",
                    "有效备案",
                    "待审核",
                    "驳回/暂停/撤销",
                    "班级数",
                ],
                rows=rows,
                total_columns=[6],
            ),
        )
    return render(request, "registry/institution_list.html", {"page_obj": paginate(request, qs)})
