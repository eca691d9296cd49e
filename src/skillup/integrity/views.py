"""Integrity pages (issue 11 item 2): the overview with its charts, the risk list, a finding's page with
the clear form, and the scan runs with HR's 立即扫描 button. Thin: each parses, calls one selector or
service, and renders; who sees what is the selectors' rule (selectors.findings_visible_to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from skillup.core.errors import SERVICE_ERRORS, RuleViolation
from skillup.core.permissions import require
from skillup.core.web import paginate, show_error
from skillup.exports.views import export_response, page_params
from skillup.integrity import selectors, services
from skillup.integrity.engine import LABELS
from skillup.integrity.forms import ClearForm
from skillup.integrity.models import Finding, ScanRun
from skillup.integrity.permissions import can_read_findings, can_run_scan
from skillup.integrity.selectors_evidence import readable
from skillup.registry.models import Organisation, OrgKind


def case_url(case) -> str:
    """The case's page once the cases pages exist (`integrity:case`); until then the code stands alone."""
    try:
        return reverse("integrity:case", args=[case.pk])
    except NoReverseMatch:
        return ""


def _tabs(request, current: str) -> list[dict]:
    tabs = []
    for name, label in (
        ("integrity:overview", "概览"),
        ("integrity:findings", "风险线索"),
        ("integrity:scans", "扫描记录"),
        ("integrity:cases", "核查案件"),
    ):
        try:
            tabs.append({"label": label, "url": reverse(name), "active": name == current})
        except NoReverseMatch:
            continue
    return tabs


@login_required
def overview(request):
    require(can_read_findings(request.user))
    by = request.GET.get("by", "seen")
    data = selectors.overview(request.user, by=by)
    return render(
        request,
        "integrity/overview.html",
        {
            "tiles": data["tiles"],
            "charts": data["charts"],
            "by_choices": selectors.BY,
            "by_label": f"（{selectors.BY[data['charts']['by']]}）",
            "busy": selectors.run_busy(),
            "last_run": selectors.runs_visible_to(request.user).filter(status=ScanRun.Status.DONE).first(),
            "tabs": _tabs(request, "integrity:overview"),
            "open_flagged": selectors.OPEN_FLAGGED,
        },
    )


@login_required
def finding_list(request):
    require(can_read_findings(request.user))
    try:
        qs = selectors.findings_filtered(request.user, request.GET)
        if request.GET.get("format") == "xlsx":
            return export_response(request, "integrity.findings", page_params(request))
        page_obj = paginate(request, qs)
        list(page_obj)  # a bad filter answers here, not half-way through the template
    except RuleViolation as exc:
        show_error(request, exc)
        qs = Finding.objects.none()
        page_obj = paginate(request, qs)
    return render(
        request,
        "integrity/finding_list.html",
        {
            "page_obj": page_obj,
            "filters": selectors.filter_values(request.GET),
            "signals": LABELS,
            "statuses": Finding.Status.choices,
            "subject_types": Finding.Subject.choices,
            "institutions": Organisation.objects.filter(
                kind=OrgKind.INSTITUTION, integrity_findings__isnull=False
            )
            .distinct()
            .order_by("name")
            .only("code", "name"),
            "departments": Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT])
            .order_by("id")
            .only("code", "short_name", "name"),
            "tabs": _tabs(request, "integrity:findings"),
        },
    )


def _finding_or_404(request, pk: int) -> Finding:
    try:
        return selectors.finding_for(request.user, pk)
    except Finding.DoesNotExist:
        raise Http404("未找到该线索，或不在您的权限范围内") from None


@login_required
def finding_detail(request, pk: int, form=None, status: int = 200):
    finding = _finding_or_404(request, pk)
    cases = [{"case": c, "url": case_url(c)} for c in selectors.finding_cases(finding)]
    return render(
        request,
        "integrity/finding_detail.html",
        {
            "finding": finding,
            "label": LABELS.get(finding.signal, finding.signal),
            "evidence": readable(request.user, finding.evidence),
            "cases": cases,
            "form": form or ClearForm(),
            "tabs": _tabs(request, "integrity:findings") if can_read_findings(request.user) else [],
        },
        status=status,
    )


@require_POST
@login_required
def finding_clear(request, pk: int):
    finding = _finding_or_404(request, pk)
    form = ClearForm(request.POST)
    if not form.is_valid():
        return finding_detail(request, pk, form=form, status=400)
    try:
        services.finding_clear(actor=request.user, finding=finding, reason=form.cleaned_data["reason"])
    except RuleViolation as exc:
        show_error(request, exc, form)
        return finding_detail(request, pk, form=form, status=400)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"线索 #{finding.pk} 已排除；它暂缓的补贴不再因此暂缓。")
    return redirect("integrity:finding", pk=pk)


@login_required
def scan_list(request):
    require(can_read_findings(request.user))
    return render(
        request,
        "integrity/scan_list.html",
        {
            "page_obj": paginate(request, selectors.runs_visible_to(request.user), per_page=30),
            "busy": selectors.run_busy(),
            "tabs": _tabs(request, "integrity:scans"),
        },
    )


@login_required
def scan_detail(request, pk: int):
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    return render(
        request,
        "integrity/scan_detail.html",
        {
            "run": run,
            "thresholds": selectors.run_thresholds(run),
            "counts": selectors.run_counts(run),
        },
    )


@login_required
def scan_status(request, pk: int):
    """The htmx poll of a queued or running scan: the fragment stops polling once the run has ended."""
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    return render(request, "integrity/_scan_status.html", {"run": run})


@require_POST
@login_required
def scan_start(request):
    require(can_run_scan(request.user))
    try:
        run = services.scan_start(actor=request.user)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
        return redirect("integrity:scans")
    run.refresh_from_db()
    if run.status in (ScanRun.Status.QUEUED, ScanRun.Status.RUNNING):
        messages.info(request, f"已发起扫描 #{run.pk}，本页会显示进度。")
    return redirect("integrity:scan", pk=run.pk)
