"""Roster, attendance and results pages of the institution."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.errors import RuleViolation
from skillup.core.permissions import require
from skillup.core.web import roles_required, show_error
from skillup.core.xlsx import xlsx_response
from skillup.training import attendance, roster, selectors
from skillup.training.models import Enrolment, Session
from skillup.training.permissions import can_show_qr
from skillup.training.results import results_record
from skillup.training.views import _class_for, conflict_as_409

ROSTER_FIELDS = ("id_number", "name", "phone", "groups")
ROSTER_DRAFT = "roster_add_draft"


def _call(request, code, fn, done, **kwargs):
    try:
        result = fn(**kwargs)
    except RuleViolation as exc:
        show_error(request, exc)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return result


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def roster_add(request, code):
    klass = _class_for(request, code)
    typed = {k: request.POST.get(k, "")[:100] for k in ROSTER_FIELDS}
    row = roster.Row(None, typed["id_number"], typed["name"], typed["phone"], typed["groups"])
    added = _call(
        request,
        code,
        roster.roster_import,
        lambda r: "已加入名册。" + ("（新登记人员）" if r["registered"] else ""),
        actor=request.user,
        klass=klass,
        rows=[row],
        source=Enrolment.Source.FORM,
    )
    if added is None:  # the page shows what was typed again, beside the message, to correct it; never
        # the identity number, which is kept only encrypted (the session table is not)
        request.session[ROSTER_DRAFT] = {k: v for k, v in typed.items() if k != "id_number"}
    return redirect("training_class_detail", code=code)


@conflict_as_409
@roles_required(Role.INSTITUTION)
def roster_upload(request, code):
    klass = _class_for(request, code)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择名册文件（.xlsx）。")
        else:
            try:
                rows = roster.rows_from_xlsx(upload.read())
            except RuleViolation as exc:
                show_error(request, exc)
            else:
                done = _call(
                    request,
                    code,
                    roster.roster_import,
                    lambda r: f"已导入 {r['added']} 人（其中新登记 {r['registered']} 人）。",
                    actor=request.user,
                    klass=klass,
                    rows=rows,
                    source=Enrolment.Source.XLSX,
                )
                if done is not None:
                    return redirect("training_class_detail", code=code)
    return render(request, "training/roster_upload.html", {"klass": klass, "headers": roster.HEADERS})


@roles_required(Role.INSTITUTION)
def roster_template(request):
    return xlsx_response("学员名册模板.xlsx", roster.template())


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def attendance_manual(request, code):
    klass = _class_for(request, code)
    chosen = request.POST.get("enrolment", "")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("person").filter(klass=klass),
        pk=int(chosen) if chosen.isdigit() else 0,
    )
    from skillup.registry import crypto

    record = {
        "id_number": crypto.decrypt(enrolment.person.id_cipher),
        "date": request.POST.get("date", ""),
        "hours": request.POST.get("hours", ""),
        "method": "manual",
    }
    _call(
        request,
        code,
        attendance.attendance_record,
        "已补录考勤（人工补录，标记为低可信）。",
        actor=request.user,
        klass=klass,
        records=[record],
        numbered=False,
        source_ip=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
    )
    return redirect("training_class_detail", code=code)


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def results_save(request, code):
    """One row per trainee without a result: 合格/不合格 and certificate number."""
    klass = _class_for(request, code)
    from skillup.registry import crypto

    pending = Enrolment.objects.filter(klass=klass, result__isnull=True).select_related("person")
    records = []
    for e in pending:
        verdict = request.POST.get(f"passed_{e.pk}", "")
        if verdict not in ("yes", "no"):
            continue
        records.append(
            {
                "id_number": crypto.decrypt(e.person.id_cipher),
                "passed": verdict == "yes",
                "certificate_no": request.POST.get(f"cert_{e.pk}", ""),
                "certified_on": request.POST.get("certified_on") or None,
            }
        )
    if not records:
        messages.error(request, "请至少为一名学员选择“合格”或“不合格”。")
    else:
        _call(
            request,
            code,
            results_record,
            lambda r: f"已录入 {r['added']} 人的考核结果（合格 {r['passed']} 人）。",
            actor=request.user,
            klass=klass,
            results=records,
        )
    return redirect("training_class_detail", code=code)


def _session_for(request, pk) -> Session:
    klasses = selectors.classes_visible_to(request.user).filter(institution_id=request.user.organisation_id)
    return get_object_or_404(Session.objects.select_related("klass"), pk=pk, klass__in=klasses)


@roles_required(Role.INSTITUTION)
def session_qr(request, pk):
    """The rotating code; the page re-fetches this fragment every 20 s (htmx). `?mode=projection` is the
    full-screen page for the classroom projector (class, session and a large code, same refresh)."""
    session = _session_for(request, pk)
    require(can_show_qr(request.user, session))  # the same verdict that offers the link
    url = request.build_absolute_uri(
        reverse("training_checkin", args=[session.pk, attendance.qr_token(session)])
    )
    if request.htmx:
        template = "training/_qr_fragment.html"
    elif request.GET.get("mode") == "projection":  # the classroom screen: the code fills it
        template = "training/session_qr_projection.html"
    else:
        template = "training/session_qr.html"
    return render(request, template, {"session": session, "svg": attendance.qr_svg(url), "url": url})
