"""Pages of the leadership and farmer programmes (第4、5条): the list with filters and xlsx export, a
programme with its participants (added by identity numbers, all-or-nothing), their outcomes in bulk, and
closing it with its outcomes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import DISTRICT_WIDE, Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import permissions, selectors_projects, services_projects
from skillup.programmes.models_projects import Project, ProjectParticipant
from skillup.registry.models import Organisation, OrgKind

VIEWERS = (*DISTRICT_WIDE, Role.DEPT)
WRITERS = (Role.HR, Role.HR_ADMIN, Role.DEPT)
ERRORS = (RuleViolation, StateConflict, NotAllowed)


def _filters(request) -> dict:
    g = request.GET
    return {
        "kind": g.get("kind", "") if g.get("kind", "") in Project.Kind.values else "",
        "year": g.get("year", "")[:4],
        "status": g.get("status", "") if g.get("status", "") in Project.Status.values else "",
    }


@roles_required(*VIEWERS)
def project_list(request):
    filters = _filters(request)
    qs = selectors_projects.project_list(request.user, **filters)
    if request.GET.get("export"):
        rows = [
            [p.year, p.name, p.get_kind_display(), p.clause, p.department.name, p.partner, p.start_date, p.end_date,
             p.planned, p.people, p.done, p.get_status_display()]
            for p in qs
        ]  # fmt: skip
        content = build_workbook(
            title="领航计划与农民培训项目",
            headers=[
                "年度",
                "项目",
                "类型",
                "条款",
                "责任部门",
                "合作院校",
                "开始",
                "结束",
                "计划人数",
                "参加人数",
                "结业人数",
                "状态",
            ],
            rows=rows,
            total_columns=[8, 9, 10],
        )
        return xlsx_response("培训项目.xlsx", content)
    context = {
        "page_obj": paginate(request, qs),
        "filters": filters,
        "kinds": Project.Kind.choices,
        "statuses": Project.Status.choices,
        "allow_record": permissions.can_record_project(request.user).allowed,
        "departments": Organisation.objects.filter(kind__in=(OrgKind.HR, OrgKind.DEPARTMENT)).order_by("id")
        if request.user.role in permissions.HR_ROLES
        else [],
    }
    return render(request, "programmes/project_list.html", context)


@require_POST
@roles_required(*WRITERS)
def project_add(request):
    try:
        project = services_projects.project_create(actor=request.user, data=request.POST.dict())
    except ERRORS as exc:
        show_error(request, exc)
        return redirect("programmes:projects")
    messages.success(request, f"「{project.name}」已登记，可添加参加人员。")
    return redirect("programmes:project", project.pk)


def _project(request, pk: int) -> Project:
    try:
        return selectors_projects.projects_visible_to(request.user).get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None


@roles_required(*VIEWERS)
def project_detail(request, pk: int):
    project = _project(request, pk)
    participants = project.participants.select_related("person", "employer").order_by("id")
    context = {
        "project": project,
        "page_obj": paginate(request, participants, per_page=100),
        "allow_keep": permissions.can_keep_project(request.user, project).allowed,
        "outcomes": [c for c in ProjectParticipant.Outcome.choices if c[0] != "enrolled"],
    }
    return render(request, "programmes/project_detail.html", context)


@require_POST
@roles_required(*WRITERS)
def project_change(request, pk: int, action: str):
    project = _project(request, pk)
    p = request.POST
    try:
        if action == "participants":
            added = services_projects.participants_add(
                actor=request.user,
                project=project,
                lines=p.get("lines", ""),
                joined_on=p.get("joined_on", ""),
            )
            messages.success(request, f"已添加 {len(added)} 人。")
        elif action == "outcomes":
            n = services_projects.outcomes_set(
                actor=request.user,
                project=project,
                participant_ids=p.getlist("participant"),
                outcome=p.get("outcome", ""),
                on=p.get("outcome_on", ""),
            )
            messages.success(request, f"已登记 {n} 人的结果。")
        elif action == "finish":
            services_projects.project_finish(
                actor=request.user, project=project, outcomes=p.get("outcomes", "")
            )
            messages.success(request, "项目已办结。")
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("programmes:project", project.pk)
