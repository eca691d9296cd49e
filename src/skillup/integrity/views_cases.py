"""Pages of cases: the list, a new case from findings, the case with its steps, evidence and money, and
the actions on it. Thin: each action parses its form, calls one service and shows its errors in Chinese.
A case the user may not read is 404; its evidence files are served only through `case_evidence`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core import uploads
from skillup.core.errors import SERVICE_ERRORS
from skillup.core.web import paginate, roles_required, show_error
from skillup.exports.views import export_response
from skillup.integrity import evidence as evidence_files
from skillup.integrity import selectors_cases as selectors
from skillup.integrity import services_cases as services
from skillup.integrity.engine import LABELS
from skillup.integrity.forms import (
    CaseAssignForm,
    CaseOpenForm,
    CloseForm,
    EvidenceForm,
    FindingsAddForm,
    InterviewForm,
    NoteForm,
    OnsiteForm,
    SuspendForm,
)
from skillup.integrity.models import Case, CaseEvent
from skillup.integrity.permissions import (
    can_add_case_findings,
    can_assign_case,
    can_clear_case,
    can_confirm_case,
    can_open_case,
    can_read_case_file,
    can_suspend_filing_for_case,
    can_work_case,
)

HR = (Role.HR, Role.HR_ADMIN)
READERS = (*HR, Role.AUDITOR, Role.FINANCE, Role.DEPT, Role.INSTITUTION)
WORKERS = (*HR, Role.AUDITOR)
STEP_FORMS = {
    CaseEvent.Kind.NOTE: NoteForm,
    CaseEvent.Kind.INTERVIEW: InterviewForm,
    CaseEvent.Kind.ONSITE: OnsiteForm,
}


def _ids(value: str) -> list[int]:
    return sorted(
        {int(part) for part in (value or "").replace("，", ",").split(",") if part.strip().isdigit()}
    )


def _case(request, code: str) -> Case:
    return get_object_or_404(selectors.cases_visible_to(request.user), code=code)


@roles_required(*READERS)
def case_list(request):
    if request.GET.get("format") == "xlsx":
        return export_response(request, "integrity.cases")
    qs = selectors.cases_filtered(request.user, request.GET)
    return render(
        request,
        "integrity/case_list.html",
        {
            "page_obj": paginate(request, qs),
            "filters": {k: request.GET.get(k, "") for k in ("status", "outcome", "mine", "q")},
            "statuses": Case.Status.choices,
            "outcomes": Case.Outcome.choices,
            "open": can_open_case(request.user),
        },
    )


@roles_required(*HR)
def case_new(request):
    """A new case from the findings chosen on the risk list or a finding's page (`?findings=1,2`)."""
    # `?findings=1,2` from a link, or `?findings=1&findings=2` from the risk list's ticked rows.
    source = request.POST if request.method == "POST" else request.GET
    ids = _ids(",".join(source.getlist("findings")))
    findings = selectors.open_findings_for_case(request.user, ids)
    for f in findings:
        f.label = LABELS.get(f.signal, f.signal)
    suggestion = ""
    if findings:
        where = findings[0].institution or findings[0].person or findings[0].klass
        suggestion = f"{where}{'等' if len(findings) > 1 else ''}诚信线索核查"
    form = CaseOpenForm(
        request.POST or None, initial={"findings": ",".join(map(str, ids)), "title": suggestion[:200]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.user,
                findings=findings,
                title=form.cleaned_data["title"],
                assignee=form.cleaned_data["assignee"],
            )
        except SERVICE_ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"已立案 {case.code}，线索在办结前暂缓相关申领的支付。")
            return redirect("integrity:case", code=case.code)
    return render(request, "integrity/case_new.html", {"form": form, "findings": findings, "ids": ids})


def _render(request, case: Case, bound: dict | None = None):
    user = request.user
    working = can_read_case_file(user, case)
    findings = list(selectors.case_findings(case))
    for f in findings:
        f.label = LABELS.get(f.signal, f.signal)
    forms = {
        "assign_form": CaseAssignForm(initial={"assignee": case.assignee_id}),
        "add_form": FindingsAddForm(),
        "note_form": NoteForm(),
        "interview_form": InterviewForm(),
        "onsite_form": OnsiteForm(),
        "evidence_form": EvidenceForm(),
        "close_form": CloseForm(),
        "suspend_form": SuspendForm(),
    } | (bound or {})
    money = selectors.case_money(case)
    return render(
        request,
        "integrity/case_detail.html",
        {
            "case": case,
            "findings": findings,
            "events": selectors.case_events(case, working_file=bool(working)),
            "evidence": case.evidence.select_related("uploaded_by") if working else [],
            "money": money,
            "owed": sum((c.receivable["balance"] for c in money if c.receivable), 0),
            "working": working,
            "work": can_work_case(user, case),
            "assign": can_assign_case(user, case),
            "add": can_add_case_findings(user, case),
            "confirm": can_confirm_case(user, case),
            "clear": can_clear_case(user, case),
            "suspend": can_suspend_filing_for_case(user, case),
            **forms,
        },
    )


@roles_required(*READERS)
def case_detail(request, code: str):
    return _render(request, _case(request, code))


def _act(request, code: str, form_class, name: str, action, success: str):
    """The shape of every action on a case: parse the form, call the service, say what happened."""
    case = _case(request, code)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except SERVICE_ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, success)
            return redirect("integrity:case", code=case.code)
    case.refresh_from_db()
    return _render(request, case, {name: form})


@require_POST
@roles_required(*HR)
def case_assign(request, code: str):
    return _act(
        request,
        code,
        CaseAssignForm,
        "assign_form",
        lambda case, d: services.case_assign(actor=request.user, case=case, assignee=d["assignee"]),
        "已指派承办人。",
    )


@require_POST
@roles_required(*HR)
def case_findings_add(request, code: str):
    def add(case, d):
        findings = selectors.open_findings_for_case(request.user, _ids(d["findings"]))
        services.case_findings_add(actor=request.user, case=case, findings=findings)

    return _act(request, code, FindingsAddForm, "add_form", add, "线索已并入本案。")


@require_POST
@roles_required(*WORKERS)
def case_step(request, code: str):
    kind = request.POST.get("kind", "")
    form_class = STEP_FORMS.get(kind)
    if form_class is None:
        raise Http404
    return _act(
        request,
        code,
        form_class,
        f"{kind}_form",
        lambda case, d: services.case_step_record(actor=request.user, case=case, kind=kind, data=d),
        "已记录。",
    )


@require_POST
@roles_required(*WORKERS)
def case_evidence_upload(request, code: str):
    return _act(
        request,
        code,
        EvidenceForm,
        "evidence_form",
        lambda case, d: services.case_evidence_add(
            actor=request.user, case=case, upload=d["file"], note=d["note"]
        ),
        "证据已上传（已记录文件校验码）。",
    )


@require_POST
@roles_required(*HR)
def case_close(request, code: str):
    def close(case, d):
        services.case_close(actor=request.user, case=case, outcome=d["outcome"], reason=d["reason"])

    return _act(request, code, CloseForm, "close_form", close, "案件已办结。")


@require_POST
@roles_required(*HR)
def case_suspend(request, code: str):
    return _act(
        request,
        code,
        SuspendForm,
        "suspend_form",
        lambda case, d: services.case_filing_suspend(actor=request.user, case=case, reason=d["reason"]),
        "已暂停该机构的备案。",
    )


@roles_required(*READERS)
def case_evidence(request, code: str, pk: int):
    """An evidence file, only to those who read the case's working file (404 otherwise)."""
    case = _case(request, code)
    if not can_read_case_file(request.user, case):
        raise Http404
    ev = get_object_or_404(case.evidence.all(), pk=pk)
    path = evidence_files.path_of(ev.stored_name)
    if not path.is_file():
        raise Http404
    ext = ev.stored_name.rsplit(".", 1)[-1]
    return uploads.file_response(path, ev.content_type, f"{case.code}-{ev.pk}.{ext}")
