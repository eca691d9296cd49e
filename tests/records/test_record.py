"""The record: what it assembles, who sees which part (404 for everyone else), pages and the PDF."""

import io
from decimal import Decimal

import pytest
from django.http import Http404
from pypdf import PdfReader

from skillup.records.pdf import record_pdf
from skillup.records.selectors import record_of, record_visible_to


def test_record_assembles_classes_certificates_claims(cast, history):
    record = record_of(cast.trainee_person)
    assert {c.occupation for c in record.classes} == {"焊工", "电工"}
    welder = next(c for c in record.classes if c.occupation == "焊工")
    assert welder.attended_hours == Decimal("78.0")
    assert welder.result == "合格"
    assert welder.certificate.number == "S2021000001"
    assert {c.number for c in record.certificates} == {"S2021000001", "E2019000009"}
    assert [c.amount for c in record.claims] == [Decimal("2400.00")]
    assert record.level_reached == "中级"
    assert record.paid_total == Decimal("2400.00")


def test_record_is_query_bounded(cast, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        record = record_of(cast.trainee_person)
        [c.certificate for c in record.classes]


@pytest.mark.parametrize("who", ["trainee", "hr", "hradmin"])
def test_full_record_for_self_and_hr(cast, history, who):
    record = record_visible_to(getattr(cast, who), cast.trainee_person.pk)
    assert record.scope == "full" and len(record.classes) == 2 and len(record.certificates) == 2


def test_institution_sees_only_its_own_classes(cast, history):
    record = record_visible_to(cast.institution, cast.trainee_person.pk)
    assert record.scope == "institution"
    assert [c.occupation for c in record.classes] == ["焊工"]
    assert [c.number for c in record.certificates] == ["S2021000001"]
    assert len(record.claims) == 1
    other = record_visible_to(cast.other_institution, cast.trainee_person.pk)
    assert [c.occupation for c in other.classes] == ["电工"]
    assert other.certificates == [] and other.claims == []


@pytest.mark.parametrize("who", ["other_trainee", "outsider", "dept", "finance", "enterprise", "auditor"])
def test_everyone_else_gets_404(cast, history, who):
    with pytest.raises(Http404):
        record_visible_to(getattr(cast, who), cast.trainee_person.pk)


def test_institution_that_never_trained_the_person_gets_404(cast):
    with pytest.raises(Http404):
        record_visible_to(cast.institution, cast.other_person.pk)


def test_my_record_page_phone_first(cast, history, login, client):
    login(cast.trainee)
    response = client.get("/records/me/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "我的终身档案" in html and "S2021000001" in html and "2400.00" in html
    assert 'name="viewport"' in html


@pytest.mark.parametrize("who,status", [("hr", 200), ("institution", 200), ("other_trainee", 404),
                                        ("dept", 403), ("auditor", 403)])  # fmt: skip
def test_person_record_page_access(cast, history, login, client, who, status):
    login(getattr(cast, who))
    assert client.get(f"/records/people/{cast.trainee_person.pk}/").status_code in (
        (status,) if status != 404 else (403, 404)
    )


def test_person_page_links_the_record(cast, history, login, client):
    login(cast.hr)
    html = client.get(f"/registry/people/{cast.trainee_person.pk}/").content.decode()
    assert f"/records/people/{cast.trainee_person.pk}/" in html


def test_institution_people_page(cast, history, login, client, django_assert_max_num_queries):
    login(cast.institution)
    with django_assert_max_num_queries(12):
        response = client.get("/records/people/")
    assert cast.trainee_person.name in response.content.decode()
    login(cast.other_institution)
    assert cast.trainee_person.name in client.get("/records/people/").content.decode()
    assert cast.other_person.name not in client.get("/records/people/").content.decode()


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_has_chinese_text(cast, history):
    text = _pdf_text(record_pdf(record_of(cast.trainee_person)))
    assert "终身职业技能培训档案" in text
    assert cast.trainee_person.name in text
    assert "焊工" in text and "S2021000001" in text
    assert cast.trainee_person.id_masked in text


def test_pdf_download(cast, history, login, client):
    login(cast.trainee)
    response = client.get("/records/me/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "焊工" in _pdf_text(response.content)
    login(cast.institution)
    response = client.get(f"/records/people/{cast.trainee_person.pk}/pdf/")
    text = _pdf_text(response.content)
    assert "焊工" in text and "电工" not in text
    login(cast.other_trainee)
    assert client.get(f"/records/people/{cast.trainee_person.pk}/pdf/").status_code in (403, 404)


def test_huge_or_missing_person_id_is_404(cast, login, client):
    login(cast.hr)
    assert client.get("/records/people/99999999999999999999999/").status_code == 404
    assert client.get("/records/people/999999/pdf/").status_code == 404


def test_trainee_home_tile(cast, login, client):
    login(cast.trainee)
    assert "可下载 PDF 或分享给用人单位" in client.get("/").content.decode()
    login(cast.hr)
    assert "我的终身档案" not in client.get("/").content.decode()
