"""HR's occupation directory pages: the list (catalogue and HR's names together), add, mark replaced."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.directory import permissions, selectors, services
from skillup.directory.catalogue import current
from skillup.directory.forms import OccupationAddForm, OccupationReplaceForm
from skillup.directory.models import Category

READERS = tuple(selectors.READERS)
HEADERS = ["职业（工种）", "类别", "来源", "依据", "列入日期", "被取代", "取代日期", "登记人"]


def _row(o: dict) -> list:
    entry = o["entry"]
    return [
        o["name"],
        o["category"],
        o["origin_zh"],
        o["source"],
        o["valid_from"] or "",
        o["replaced_by"] or "",
        o["replaced_on"] or "",
        entry.added_by.username if entry is not None else "",
    ]


@roles_required(*READERS)
def directory_list(request):
    g = request.GET
    filters = {k: g.get(k, "").strip() for k in ("q", "category", "origin", "source")}
    rows = selectors.directory_rows(request.user, **filters)
    if g.get("format") == "xlsx":
        content = build_workbook(
            title="职业（工种）目录",
            headers=HEADERS,
            rows=(_row(o) for o in rows),
            subtitle=f"导出日期 {today()}",
        )
        return xlsx_response("职业（工种）目录.xlsx", content)
    return render(
        request,
        "directory/list.html",
        {
            "page_obj": paginate(request, rows),
            "total": len(rows),
            "filters": filters,
            "categories": Category.choices,
            "origins": selectors.ORIGIN_ZH,
            "editing": permissions.can_edit_directory(request.user),
            "national": current().occupation_index,
        },
    )


@roles_required(*READERS)
def directory_add(request):
    require(permissions.can_edit_directory(request.user))
    form = OccupationAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.occupation_add(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"已登记 {entry.name}（{entry.category}类）。")
            return redirect("directory_list")
    return render(request, "directory/add.html", {"form": form})


@roles_required(*READERS)
def directory_replace(request):
    require(permissions.can_edit_directory(request.user))
    name = (request.GET.get("name") or request.POST.get("name") or "").strip()
    occupation = current().occupation_index.get(name) if name else None
    if occupation is None:
        raise Http404("目录中没有该职业（工种）")
    form = OccupationReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.occupation_mark_replaced(actor=request.user, name=occupation.name, **form.cleaned_data)
        except (RuleViolation, StateConflict) as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request, f"已登记：{occupation.name} 自 {form.cleaned_data['replaced_on']} 起被取代。"
            )
            return redirect("directory_list")
    return render(
        request,
        "directory/replace.html",
        {"form": form, "occupation": occupation},
    )
