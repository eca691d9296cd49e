"""Pages of the what-if screen: HR drafts catalogue changes and compares them with today's rules over a
year's real claims; Finance and auditors read. There is no "apply": the overlay YAML is downloaded and
released through the reviewed catalogue data."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.core.clock import today
from skillup.core.errors import SERVICE_ERRORS, RuleViolation
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error, show_rule_errors
from skillup.whatif import exports, overlay, selectors, services
from skillup.whatif.compare import COUNTED_ZH
from skillup.whatif.forms import ChangeForm, DraftForm, RunForm
from skillup.whatif.permissions import can_write_draft

READERS = tuple(services.READERS)


def _writer(request):
    require(can_write_draft(request.user))


@roles_required(*READERS)
def draft_list(request):
    form = DraftForm(request.POST or None)
    rule_errors = []
    if request.method == "POST":
        _writer(request)
        if form.is_valid():
            try:
                draft = services.draft_create(actor=request.user, **form.cleaned_data)
            except RuleViolation as exc:
                rule_errors = show_rule_errors(form, exc)
            else:
                messages.success(request, f"草案“{draft.name}”已建立，请逐项添加修改。")
                return redirect("whatif:draft_detail", pk=draft.pk)
    qs = selectors.drafts_visible_to(request.user)
    return render(
        request,
        "whatif/draft_list.html",
        {
            "page_obj": paginate(request, qs),
            "form": form if bool(can_write_draft(request.user)) else None,
            "rule_errors": rule_errors,
        },
    )


def _changes(draft):
    by_key = overlay.entries_by_key()
    rows = []
    for i, c in enumerate(draft.changes):
        e = by_key.get(c["entry"])
        old = e.value(c["field"]) if e else ""
        rows.append(
            {
                "position": i,
                "group": e.group if e else c["entry"],
                "label": e.label if e else "",
                "field": overlay.FIELD_LABELS.get(c["field"], c["field"]),
                "old": old.isoformat() if hasattr(old, "isoformat") else old,
                "new": c["value"],
            }
        )
    return rows


@roles_required(*READERS)
def draft_detail(request, pk: int):
    draft = get_object_or_404(selectors.drafts_visible_to(request.user), pk=pk)
    writer = bool(can_write_draft(request.user))
    form = ChangeForm(request.POST if request.POST.get("form") == "change" else None)
    run_form = RunForm(initial={"year": today().year})
    rule_errors = []
    if request.method == "POST":
        _writer(request)
        if form.is_valid():
            try:
                services.draft_change_set(actor=request.user, draft=draft, **form.cleaned_data)
            except RuleViolation as exc:
                rule_errors = show_rule_errors(form, exc)
            else:
                messages.success(request, "修改项已保存到草案。")
                return redirect("whatif:draft_detail", pk=pk)
    return render(
        request,
        "whatif/draft_detail.html",
        {
            "draft": draft,
            "changes": _changes(draft),
            "form": form if writer else None,
            "run_form": run_form if writer else None,
            "runs": selectors.runs_visible_to(request.user).filter(draft=draft)[:20],
            "entry_fields": {
                e.key: {f: str(e.value(f)) if e.value(f) is not None else "" for f in e.fields}
                for e in overlay.entries()
            }
            if writer
            else {},
            "rule_errors": rule_errors,
        },
    )


@roles_required(*READERS)
def draft_overlay(request, pk: int):
    draft = get_object_or_404(selectors.drafts_visible_to(request.user), pk=pk)
    response = HttpResponse(draft.overlay, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="what-if-{draft.pk}.yaml"'
    return response


@require_POST
@roles_required(*READERS)
def change_remove(request, pk: int, position: int):
    _writer(request)
    draft = get_object_or_404(selectors.drafts_visible_to(request.user), pk=pk)
    try:
        services.draft_change_remove(actor=request.user, draft=draft, position=position)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, "已删除该修改项。")
    return redirect("whatif:draft_detail", pk=pk)


@require_POST
@roles_required(*READERS)
def run_start(request, pk: int):
    _writer(request)
    draft = get_object_or_404(selectors.drafts_visible_to(request.user), pk=pk)
    try:
        run = services.run_start(actor=request.user, draft=draft, year=request.POST.get("year", ""))
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
        return redirect("whatif:draft_detail", pk=pk)
    return redirect("whatif:run_detail", pk=run.pk)


def _percent(part: str, whole: str) -> str:
    return str((100 * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1")))


def _run(request, pk):
    return get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)


@roles_required(*READERS)
def run_detail(request, pk: int):
    run = _run(request, pk)
    charts = {}
    if run.status == run.Status.DONE:
        r = run.result
        budgeted = [d for d in r["departments"] if d["budget"] and Decimal(d["budget"]) > 0]
        charts = {
            # Budget use in per cent, so that departments of every size read on one axis.
            "departments": {
                "names": [d["name"] for d in budgeted],
                "today": [_percent(d["committed_today"], d["budget"]) for d in budgeted],
                "draft": [_percent(d["committed_draft"], d["budget"]) for d in budgeted],
            },
            "schemes": {
                "names": [s["name"] for s in r["schemes"]],
                "today": [s["amount_today"] for s in r["schemes"]],
                "draft": [s["amount_draft"] for s in r["schemes"]],
            },
        }
    return render(
        request,
        "whatif/run_detail.html",
        {
            "run": run,
            "r": run.result,
            "charts": charts,
            "counted_zh": COUNTED_ZH,
            "stale": run.overlay != run.draft.overlay,
        },
    )


@roles_required(*READERS)
def run_progress(request, pk: int):
    run = _run(request, pk)
    response = render(request, "whatif/_progress.html", {"run": run})
    if run.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@roles_required(*READERS)
def run_export(request, pk: int):
    run = _run(request, pk)
    if run.status != run.Status.DONE:
        messages.error(request, "测算尚未完成，完成后才能导出。")
        return redirect("whatif:run_detail", pk=pk)
    return exports.response(run, request.GET.get("by", "department"))
