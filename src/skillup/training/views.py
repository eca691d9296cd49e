"""Class pages: list (filters, xlsx export), submit, detail (roster, sessions with QR, attendance,
results), the department's approval queue. Thin: parse, call one service or selector, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.directory.catalogue import current as current_catalogue
from skillup.exports.views import export_response
from skillup.policy.catalogue import scheme_names
from skillup.training import selectors, services
from skillup.training.forms import ClassForm, RosterRowForm, RosterUploadForm, SessionForm
from skillup.training.models import TrainingClass
from skillup.training.permissions import can_submit_class

S = TrainingClass.Status
CLASS_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION)


def conflict_as_409(view):
    """A class action in the wrong state answers 409 with the reason and the way back (API.md)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StateConflict as exc:
            back = kwargs.get("code")
            return render(
                request, "training/conflict.html", {"message": exc.message, "code": back}, status=409
            )

    return wrapped


@roles_required(*CLASS_ROLES)
def class_list(request):
    qs = selectors.classes_filtered(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return export_response(request, "training.classes")
    names = scheme_names()
    return render(
        request,
        "training/class_list.html",
        {
            "page_obj": paginate(request, qs),
            "statuses": S.choices,
            "schemes": names,
            "years": [2019, 2020, 2021],
            "submit": can_submit_class(request.user),
        },
    )


@login_required
def class_create(request):
    require(can_submit_class(request.user))
    schemes = selectors.class_schemes(request.user.organisation_id)
    form = ClassForm(request.POST or None, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        try:
            klass = services.class_submit(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"开班申请 {klass.code} 已提交，等待{klass.department.label}审批。")
            return redirect("training_class_detail", code=klass.code)
    from skillup.registry.selectors_filing import current_filing_items

    filed = current_filing_items(request.user.organisation_id)
    return render(
        request,
        "training/class_form.html",
        {"form": form, "filed": filed, "schemes": scheme_names()},
    )


def _class_for(request, code):
    return get_object_or_404(selectors.classes_visible_to(request.user), code=code)


@login_required
def class_detail(request, code):
    klass = _class_for(request, code)
    if request.user.role == Role.TRAINEE:
        enrolment = selectors.my_enrolments(request.user).filter(klass=klass).first()
        return render(
            request,
            "training/class_trainee.html",
            {"klass": klass, "e": enrolment, "schemes": scheme_names()},
        )
    if request.user.role not in CLASS_ROLES:
        raise NotAllowed()
    own = request.user.role == Role.INSTITUTION
    from skillup.training.results import required_attendance

    return render(
        request,
        "training/class_detail.html",
        {
            "klass": klass,
            "counts": selectors.class_counts(klass),
            "roster": selectors.roster(klass),
            "sessions": klass.sessions.select_related("venue"),
            "events": selectors.recent_attendance(klass),
            "own": own,
            "schemes": scheme_names(),
            "pending_results": own and klass.enrolments.filter(result__isnull=True).exists(),
            "row_form": RosterRowForm(),
            "upload_form": RosterUploadForm(),
            "session_form": SessionForm(),
            "required": required_attendance(klass),
            "today": today(),
            # What the officer typed into 加入名册 before an error (views_roster.roster_add), shown once.
            "draft": request.session.pop("roster_add_draft", {}) if own else {},
        },
    )


def _act(request, code, fn, done: str, **kwargs):
    klass = _class_for(request, code)
    try:
        fn(actor=request.user, klass=klass, **kwargs)
    except RuleViolation as exc:
        show_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("training_class_detail", code=code)


@require_POST
@conflict_as_409
@roles_required(Role.DEPT, Role.HR, Role.HR_ADMIN)
def class_approve(request, code):
    return _act(request, code, services.class_approve, "已批准开班，机构可导入名册并开班。")


@require_POST
@conflict_as_409
@roles_required(Role.DEPT, Role.HR, Role.HR_ADMIN)
def class_reject(request, code):
    return _act(
        request,
        code,
        services.class_reject,
        "已驳回，机构将看到驳回原因。",
        reason=request.POST.get("reason", ""),
    )


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def class_start(request, code):
    return _act(request, code, services.class_start, "已开班：可以安排课次并签到。")


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def class_finish(request, code):
    return _act(request, code, services.class_finish, "已结业：请录入考核结果。")


@require_POST
@conflict_as_409
@roles_required(Role.INSTITUTION)
def session_create(request, code):
    form = SessionForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}：{errs[0]}")
        return redirect("training_class_detail", code=code)
    return _act(
        request,
        code,
        services.session_create,
        "课次已安排，开课时在教室屏幕上打开签到二维码。",
        **form.cleaned_data,
    )


@roles_required(Role.DEPT, Role.HR, Role.HR_ADMIN)
def approval_queue(request):
    qs = selectors.approvals_waiting(request.user)
    if request.GET.get("format") == "xlsx":
        return export_response(request, "training.approvals")
    if request.method == "POST":
        codes = request.POST.getlist("codes")
        chosen = list(qs.filter(code__in=codes))
        if not chosen:
            messages.error(request, "请先勾选要批准的班级。")
        else:
            try:
                count = services.class_approve_many(actor=request.user, classes=chosen)
            except (RuleViolation, StateConflict) as exc:
                show_error(request, exc)
            else:
                messages.success(request, f"已批准 {count} 个班级。")
        return redirect("training_approvals")
    return render(
        request, "training/approvals.html", {"page_obj": paginate(request, qs), "schemes": scheme_names()}
    )


@login_required
def occupations(request):
    q = request.GET.get("q", "").strip()
    found = current_catalogue().occupations(q or None, on=today())
    return render(request, "training/occupations.html", {"found": found, "q": q, "schemes": scheme_names()})
