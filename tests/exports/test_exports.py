"""The one export path (skillup.exports): small lists answer at once, large ones run as a job with
progress and a download only the requester can fetch."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.exports.models import ExportJob
from skillup.exports.registry import EXPORTERS, Exporter, exporter
from skillup.registry.selectors import people_visible_to
from tests.factories import PersonFactory

NAME = "tests.people"


def _rows(user, params):
    qs = people_visible_to(user).order_by("pk")
    if params.get("name"):
        qs = qs.filter(name__contains=params["name"])
    return qs.count(), ([p.name, p.id_masked] for p in qs.iterator())


if NAME not in EXPORTERS:
    exporter(NAME, filename="人员.xlsx", title="人员名单", headers=["姓名", "身份证号"])(_rows)


def _names(content: bytes) -> list[str]:
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.cell(1, 1).value == "人员名单" and [c.value for c in ws[2]] == ["姓名", "身份证号"]
    return [row[0] for row in ws.iter_rows(min_row=3, values_only=True)]


@pytest.fixture
def export(rf, django_capture_on_commit_callbacks):
    """Presses a list's 导出 button as `user`; a job's task runs after the commit, as in production."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from skillup.exports.views import export_response

    def press(user, params="", name=NAME):
        request = rf.get(f"/x/?format=xlsx{params}")
        request.user, request.session = user, {}
        request._messages = FallbackStorage(request)
        with django_capture_on_commit_callbacks(execute=True):
            return export_response(request, name)

    return press


@pytest.fixture
def people(cast):
    return [PersonFactory(name=f"测试{i:02d}") for i in range(5)]


def test_a_small_export_answers_the_spreadsheet_at_once(cast, people, export):
    response = export(cast.hr, "&name=测试")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _names(response.content) == [p.name for p in people]
    assert not ExportJob.objects.exists()


def test_a_large_export_runs_as_a_job_with_progress_and_a_download(
    cast, people, client, settings, tmp_path, export
):
    settings.EXPORT_INLINE_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    response = export(cast.hr, "&name=测试")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exports:job_detail", args=[job.pk]
    )
    assert (
        job.status == ExportJob.Status.DONE
        and job.total == 5
        and job.done == 5
        and job.params == {"name": "测试"}
    )
    assert AuditEntry.objects.filter(action="export.start", object_id=str(job.pk)).exists()

    client.force_login(cast.hr)
    page = client.get(reverse("exports:job_detail", args=[job.pk])).content.decode()
    assert (
        "100%" in page
        and "已写入 5 / 5 行" in page
        and reverse("exports:job_download", args=[job.pk]) in page
    )
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert _names(b"".join(download.streaming_content)) == [p.name for p in people]
    assert "我的导出" in client.get(reverse("exports:job_list")).content.decode()

    # Another user, even HR, never sees or downloads someone else's export.
    client.force_login(cast.hradmin)
    for name in ("exports:job_detail", "exports:job_progress", "exports:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_the_job_file_holds_what_the_requester_may_see(cast, people, settings, tmp_path, export):
    """The task runs with the requester's scope: an enterprise's export lists its own employees only."""
    settings.EXPORT_INLINE_ROWS = 0
    settings.MEDIA_ROOT = tmp_path
    export(cast.enterprise)
    job = ExportJob.objects.get()
    from skillup.exports.services import file_path

    names = _names(file_path(job).read_bytes())
    assert names == [cast.trainee_person.name]
    assert not {p.name for p in people} & set(names)


def test_a_failing_export_says_so_and_never_spins(cast, people, settings, tmp_path, export):
    settings.EXPORT_INLINE_ROWS = 0
    settings.MEDIA_ROOT = tmp_path

    def broken(user, params):
        def rows():
            yield ["x", "y"]
            raise RuntimeError("disk full")

        return 2, rows()

    EXPORTERS["tests.broken"] = Exporter("tests.broken", broken, "b.xlsx", "坏", ("a", "b"))
    try:
        export(cast.hr, name="tests.broken")
    finally:
        del EXPORTERS["tests.broken"]
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "生成失败" in job.error and not job.stored_name
