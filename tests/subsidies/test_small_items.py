"""Issue 12 small items in the money apps: the enterprise claim's subtitle, reviewers by name, the
annual limit's wording from the catalogue, the disbursement file's BOM on the page, the journal export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from skillup.fund import payments
from skillup.fund.models import JournalEntry
from skillup.policy.catalogue import default_catalogue
from skillup.subsidies import checks
from skillup.subsidies.models import Claim
from skillup.subsidies.services import claim_apply
from tests.subsidies.factories import advance, claims_for_class

pytestmark = pytest.mark.django_db
S = Claim.Status


def test_an_enterprise_claim_page_has_no_stray_separator(cast, login):
    claim = claim_apply(
        actor=cast.enterprise,
        scheme="difficult_enterprise_training",
        entitlement_date=dt.date(2021, 5, 1),
        facts={"cost": "50000"},
    )
    page = login(cast.enterprise).get(reverse("claim_detail", args=[claim.pk]))
    subtitle = page.context["subtitle"]
    assert subtitle[0].startswith("主管部门") and all(part.strip() for part in subtitle)
    body = page.content.decode()
    assert 'data-testid="claim-subtitle">主管部门' in body and 'subtitle"> ·' not in body


def test_review_records_show_the_officers_name_not_the_login(cast, login):
    cast.dept.first_name, cast.dept.last_name = "明", "王"
    cast.dept.save()
    (claim,) = advance(cast, claims_for_class(cast, people=1), to="dept_approved")
    body = login(cast.hr).get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert cast.dept.get_full_name() in body
    assert f"<td>{cast.dept.username}</td>" not in body


def test_the_annual_limit_wording_comes_from_the_catalogue():
    limit = next(e.count for e in default_catalogue().annual_limit if e.count)
    assert checks.REFUSAL_NAMES["annual_limit"] == f"超过每人每年{limit}次"

    class Five:
        annual_limit = [type("E", (), {"count": 5})()]

    assert checks.annual_limit_name(Five) == "超过每人每年5次"


def test_the_page_download_of_the_disbursement_file_starts_with_a_bom(cast, login):
    claims = advance(cast, claims_for_class(cast, people=2))
    batch = payments.payment_batch_create(actor=cast.finance, claim_ids=[c.pk for c in claims])
    r = login(cast.finance).get(reverse("batch_file", args=[batch.pk]))
    assert r.content.startswith("\ufeff".encode()) and "text/csv" in r["Content-Type"]
    assert r.content.decode("utf-8-sig").startswith("key,payee,account,amount,claim")


def test_the_journal_exports_to_xlsx_with_the_page_filters(cast, login):
    claims = advance(cast, claims_for_class(cast, people=2))
    client = login(cast.finance)
    r = client.get(reverse("fund_journal"), {"format": "xlsx", "kind": "commitment"})
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "凭证号")
    lines = [row for row in rows[header + 1 :] if isinstance(row[0], int)]
    assert len(lines) == 4  # two commitments, two lines each
    assert {row[2] for row in lines} == {JournalEntry.Kind.COMMITMENT.label}
    assert sum(float(row[7] or 0) for row in lines) == float(sum(c.amount for c in claims))
    assert {row[6] for row in lines} == {c.pk for c in claims}
    empty = client.get(reverse("fund_journal"), {"format": "xlsx", "kind": "allocation"})
    sheet = openpyxl.load_workbook(io.BytesIO(empty.content)).active
    assert not [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]


def test_a_large_claims_export_runs_as_a_job_with_the_page_filters(cast, login, settings, tmp_path):
    from skillup.exports import services as exports
    from skillup.exports.models import ExportJob

    settings.EXPORT_INLINE_ROWS = 2
    settings.MEDIA_ROOT = str(tmp_path)
    claims_for_class(cast, people=3)
    claims_for_class(cast, people=2, scheme="vocational_certificate", occupation="电工")
    r = login(cast.hr).get(reverse("claim_list"), {"format": "xlsx", "q": "", "year": "2021"})
    job = ExportJob.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("exports:job_detail", args=[job.pk])
    assert job.name == "subsidies.claims" and job.total == 5 and job.params == {"year": "2021"}
    exports.export_run(job.pk)
    job.refresh_from_db()
    sheet = openpyxl.load_workbook(exports.file_path(job)).active
    ids = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert sorted(ids) == sorted(Claim.objects.values_list("id", flat=True))
    small = login(cast.hr).get(reverse("claim_list"), {"format": "xlsx", "status": "nothing"})
    assert small.status_code == 200 and small["Content-Type"].startswith("application/vnd.openxmlformats")
