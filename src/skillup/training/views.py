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
from skillup.core.web import paginate, roles_required, show_rule_errors
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.directory.catalogue import current as current_catalogue
from skillup.policy import catalogue
from skillup.training import selectors, services
from skillup.training.forms import ClassForm, RosterRowForm, RosterUploadForm, SessionForm
from skillup.training.models import TrainingClass

S = TrainingClass.Status
CLASS_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.INSTITUTION)


def scheme_names() -> dict[str, str]:
    return {s["code"]: s["name_zh"] for s in catalogue.schemes()}


def flash_errors(request, exc) -> None:
    if isinstance(exc, RuleViolation):
        for e in exc.errors[:50]:
            messages.error(request, str(e))
        if len(exc.errors) > 50:
            messages.error(request, f"……共 {len(exc.errors)} 处问题，未保存任何数据。")
    else:
        messages.error(request, str(exc))


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


def _filtered(request):
    qs = selectors.with_counts(selectors.classes_visible_to(request.user))
    g = request.GET
    if g.get("status") in S.values:
        qs = qs.filter(status=g["status"])
    if g.get("scheme"):
        qs = qs.filter(scheme=g["scheme"])
    if (g.get("year") or "").isdigit():
        qs = qs.filter(start_date__year=int(g["year"]))
    if g.get("q", "").strip():
        q = g["q"].strip()
        qs = qs.filter(occupation__icontains=q) | qs.filter(code__icontains=q)
    return qs.order_by("-start_date", "-id")


@roles_required(*CLASS_ROLES)
def class_list(request):
    qs = _filtered(request)
    names = scheme_names()
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                c.code,
                c.institution.name,
                c.department.label,
                names.get(c.scheme, c.scheme),
                c.occupation,
                c.level,
                c.hours,
                c.start_date,
                c.end_date,
                c.capacity,
                c.enrolled,
                c.passed,
                c.get_status_display(),
            ]
            for c in qs
        )
        content = build_workbook(
            title="培训班",
            headers=[
                "班级编号",
                "培训机构",
                "主管部门",
                "补贴项目",
                "工种",
                "等级",
                "课时",
                "开班日期",
                "结业日期",
                "计划人数",
                "名册人数",
                "合格人数",
                "状态",
            ],
            rows=rows,
            total_columns=[10, 11],
        )
        return xlsx_response("培训班.xlsx", content)
    return render(
        request,
        "training/class_list.html",
        {
            "page_obj": paginate(request, qs),
            "statuses": S.choices,
            "schemes": names,
            "years": [2019, 2020, 2021],
            "may_submit": request.user.role == Role.INSTITUTION,
        },
    )


@roles_required(Role.INSTITUTION)
def class_create(request):
    form = ClassForm(request.POST or None)
    rule_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            klass = services.class_submit(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            rule_errors += show_rule_errors(form, exc)
        else:
            messages.success(request, f"开班申请 {klass.code} 已提交，等待{klass.department.label}审批。")
            return redirect("training_class_detail", code=klass.code)
    from skillup.registry.selectors_filing import current_filing_items

    filed = current_filing_items(request.user.organisation_id)
    return render(
        request,
        "training/class_form.html",
        {"form": form, "rule_errors": rule_errors, "filed": filed, "schemes": scheme_names()},
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
            "may_decide": klass.status == S.SUBMITTED
            and request.user.organisation_id == klass.department_id
            and request.user.role in (Role.DEPT, Role.HR, Role.HR_ADMIN),
            "pending_results": own and klass.enrolments.filter(result__isnull=True).exists(),
            "row_form": RosterRowForm(),
            "upload_form": RosterUploadForm(),
            "session_form": SessionForm(),
            "required": required_attendance(klass),
            "today": today(),
        },
    )


def _act(request, code, fn, done: str, **kwargs):
    klass = _class_for(request, code)
    try:
        fn(actor=request.user, klass=klass, **kwargs)
    except RuleViolation as exc:
        flash_errors(request, exc)
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
    qs = (
        selectors.with_counts(selectors.classes_visible_to(request.user))
        .filter(status=S.SUBMITTED, department_id=request.user.organisation_id)
        .order_by("start_date", "id")
    )
    if request.method == "POST":
        codes = request.POST.getlist("codes")
        chosen = list(qs.filter(code__in=codes))
        if not chosen:
            messages.error(request, "请先勾选要批准的班级。")
        else:
            try:
                count = services.class_approve_many(actor=request.user, classes=chosen)
            except (RuleViolation, StateConflict) as exc:
                flash_errors(request, exc)
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
