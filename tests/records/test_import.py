"""Historical import: all or nothing, row errors in Chinese naming row and column, a dry run, audited."""

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.records import services
from skillup.records.models import HistoricalEntry, ImportBatch
from tests.factories import PersonFactory, id_number_for
from tests.training.helpers import xlsx

HEADERS = services.HEADERS


def _row(number, name, **kw):
    base = {
        "year": "2018", "start": "2018-03-01", "end": "2018-03-20", "inst": "上虞区职业技能培训学校",
        "occ": "电工", "level": "初级", "hours": "80", "cert": "S2018001", "issuer": "绍兴市职业技能鉴定中心",
        "src": "原就业培训管理系统",
    }  # fmt: skip
    base.update(kw)
    return [number, name, base["year"], base["start"], base["end"], base["inst"], base["occ"], base["level"],
            base["hours"], base["cert"], base["issuer"], base["src"]]  # fmt: skip


@pytest.fixture
def people(db):
    a = PersonFactory(number=id_number_for(11), name="陈一")
    b = PersonFactory(number=id_number_for(12), name="陈二")
    return a, b


def test_dry_run_writes_nothing(cast, people):
    content = xlsx([_row(id_number_for(11), "陈一"), _row(id_number_for(12), "陈二")], headers=HEADERS)
    result = services.history_import(actor=cast.hr, content=content, dry_run=True)
    assert result.count == 2 and result.error_count == 0
    assert [r["person_name"] for r in result.rows] == ["陈一", "陈二"]
    assert HistoricalEntry.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_import_writes_all_and_audits(cast, people):
    content = xlsx(
        [_row(id_number_for(11), "陈一"), _row(id_number_for(12), "陈二", hours="")], headers=HEADERS
    )
    result = services.history_import(actor=cast.hr, content=content, dry_run=False, file_name="old.xlsx")
    assert result.count == 2
    entries = HistoricalEntry.objects.order_by("person__name")
    assert [e.person for e in entries] == list(people)
    assert entries[0].hours == 80 and entries[1].hours is None
    assert entries[0].batch == result.batch and entries[0].imported_by == cast.hr
    entry = AuditEntry.objects.get(action="records.history_import")
    assert "2 条" in entry.summary


def test_one_bad_row_imports_nothing_and_names_row_and_column(cast, people):
    content = xlsx(
        [
            _row(id_number_for(11), "陈一"),
            _row("330602199001011230", "陈二"),  # wrong check digit
            _row(id_number_for(13), "无此人"),  # valid, not registered
            _row(id_number_for(12), "陈三"),  # name differs
            _row(id_number_for(11), "陈一", year="18", hours="八十", start="2018-13-01"),
        ],
        headers=HEADERS,
    )
    with pytest.raises(RuleViolation) as exc:
        services.history_import(actor=cast.hr, content=content, dry_run=False)
    messages = [str(e) for e in exc.value.errors]
    assert any(m.startswith("第3行 身份证号") for m in messages)
    assert any(m.startswith("第4行 身份证号") and "未在本平台登记" in m for m in messages)
    assert any(m.startswith("第5行 姓名") and "不一致" in m for m in messages)
    assert any(m.startswith("第6行 年度") for m in messages)
    assert any(m.startswith("第6行 课时") for m in messages)
    assert any(m.startswith("第6行 开始日期") for m in messages)
    assert HistoricalEntry.objects.count() == 0 and ImportBatch.objects.count() == 0
    dry = services.history_import(actor=cast.hr, content=content, dry_run=True)
    assert dry.error_count == len(messages) and dry.rows == []


def test_wrong_headers_and_not_xlsx_refused(cast, people):
    with pytest.raises(RuleViolation) as exc:
        services.history_import(actor=cast.hr, content=xlsx([["a"]], headers=["身份证号"]), dry_run=True)
    assert "表头应为" in str(exc.value.errors[0])
    with pytest.raises(RuleViolation):
        services.history_import(actor=cast.hr, content=b"not a file", dry_run=True)


@pytest.mark.parametrize("who", ["institution", "trainee", "dept", "auditor", "finance"])
def test_only_hr_imports(cast, who):
    with pytest.raises(NotAllowed):
        services.history_import(actor=getattr(cast, who), content=b"", dry_run=True)


def test_import_page_preview_then_confirm(cast, people, login, client):
    login(cast.hr)
    assert client.get("/records/import/?template=1").status_code == 200
    content = xlsx([_row(id_number_for(11), "陈一")], headers=HEADERS)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/records/import/", {"file": SimpleUploadedFile("h.xlsx", content)})
    html = response.content.decode()
    assert "预览通过" in html and "确认导入" in html
    assert HistoricalEntry.objects.count() == 0
    sha = response.context["pending"]["sha256"]
    response = client.post("/records/import/", {"confirm": "1", "sha256": sha}, follow=True)
    assert "已导入历史培训记录 1 条" in response.content.decode()
    assert HistoricalEntry.objects.count() == 1
    # the same preview cannot be confirmed twice
    client.post("/records/import/", {"confirm": "1", "sha256": sha})
    assert HistoricalEntry.objects.count() == 1


def test_import_page_shows_row_errors(cast, people, login, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(cast.hr)
    content = xlsx([_row(id_number_for(13), "无此人")], headers=HEADERS)
    html = client.post("/records/import/", {"file": SimpleUploadedFile("h.xlsx", content)}).content.decode()
    assert "第2行 身份证号" in html and 'name="confirm"' not in html


def test_import_page_is_hr_only(cast, login, client):
    login(cast.institution)
    assert client.get("/records/import/").status_code == 403


def test_history_shows_in_record(cast, people, login, client):
    content = xlsx([_row(id_number_for(11), "陈一", occ="育婴员")], headers=HEADERS)
    services.history_import(actor=cast.hr, content=content, dry_run=False)
    login(cast.hr)
    html = client.get(f"/records/people/{people[0].pk}/").content.decode()
    assert "育婴员" in html and "原就业培训管理系统" in html
