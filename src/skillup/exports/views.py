"""Spreadsheet downloads: `export_response` for every list's 导出 button, and the job pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from skillup.core.web import paginate
from skillup.core.xlsx import xlsx_response
from skillup.exports import registry, selectors, services

IGNORED = ("format", "page")


def page_params(request) -> dict:
    """The page's filters as a plain dict (the values the selector reads), without paging or format."""
    return {k: v for k, v in request.GET.items() if k not in IGNORED and v != ""}


def export_response(request, name: str, params: dict | None = None):
    """The answer to a list's 导出 button: the .xlsx at once when it is small, else a background job and
    the page that shows its progress and then the download link."""
    exp = registry.get(name)
    params = page_params(request) if params is None else params
    total, rows = exp.fn(request.user, params)
    if total <= services.inline_limit():
        return xlsx_response(exp.filename, services.workbook(exp, params, rows))
    job = services.export_start(actor=request.user, name=name, params=params, total=total)
    messages.info(request, f"共 {total} 行，正在后台生成“{exp.title}”，完成后可在本页下载。")
    return redirect("exports:job_detail", pk=job.pk)


@login_required
def job_list(request):
    page = paginate(request, selectors.jobs_visible_to(request.user))
    return render(request, "exports/job_list.html", {"page_obj": page})


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    return render(request, "exports/job_detail.html", {"job": job})


@login_required
def job_progress(request, pk: int):
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    return render(request, "exports/_progress.html", {"job": job})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk, status="done")
    if not job.stored_name or not services.file_path(job).exists():
        raise Http404("文件已过期，请重新导出")
    filename = registry.get(job.name).filename
    return FileResponse(open(services.file_path(job), "rb"), as_attachment=True, filename=filename)
