"""HR's what-if screen: drafts of catalogue changes compared with today's rules over a year's real claims."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from skillup.accounts.models import AuditEntry
from skillup.core.errors import RuleViolation
from skillup.policy.catalogue import load_catalogue
from skillup.subsidies.models import Claim
from skillup.whatif import overlay, services
from skillup.whatif.models import Draft, Run
from tests.subsidies.factories import advance, budget, claims_for_class

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"
A_SENIOR = "schemes/vocational_certificate/standards/A/高级#0"


@pytest.fixture
def claims(cast):
    """2021: two senior welders (A/高级 3500), a mid-level welder (A/中级 2400), a senior punch-press
    operator (B/高级 3000), one senior welder sent back by a reviewer; 2020: one senior welder."""
    welders = claims_for_class(cast, people=2, occupation="焊工", level="高级")
    middle = claims_for_class(cast, people=1, occupation="焊工", level="中级", hours=80)
    press = claims_for_class(cast, people=1, occupation="冲压工", level="高级")
    (sent_back,) = claims_for_class(cast, people=1, occupation="焊工", level="高级")
    Claim.objects.filter(pk=sent_back.pk).update(status=Claim.Status.REJECTED)
    old = claims_for_class(cast, people=1, occupation="焊工", level="高级", end=dt.date(2020, 5, 20))
    for c in welders + middle + press + old:
        assert c.eligible, c.basis
    return {"welders": welders, "middle": middle, "press": press, "old": old, "sent_back": sent_back}


def _draft(cast, *changes, name="A类高级提标"):
    draft = services.draft_create(actor=cast.hr, name=name, note="测试")
    for entry, field, value in changes:
        draft = services.draft_change_set(actor=cast.hr, draft=draft, entry=entry, field=field, value=value)
    return draft


def _run(cast, draft, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=cast.hr, draft=draft, year=year)
    run.refresh_from_db()
    assert run.status == Run.Status.DONE, run.error
    return run


def _row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_raising_a_senior_standard_changes_exactly_those_claims(
    cast, claims, django_capture_on_commit_callbacks
):
    draft = _draft(cast, (A_SENIOR, "amount", "4000"))
    assert "4000" in draft.overlay and "模拟" in draft.overlay
    run = _run(cast, draft, 2021, django_capture_on_commit_callbacks)
    r = run.result
    assert r["counted"] == 4  # the rejected claim and the 2020 claim are not counted
    assert run.total == run.done == 4 and run.elapsed_ms is not None
    voc = _row(r["schemes"], "code", "vocational_certificate")
    assert voc["claims"] == 4 and voc["eligible_today"] == voc["eligible_draft"] == 4
    assert voc["amount_today"] == "12400.00"  # 3500 + 3500 + 2400 + 3000
    assert voc["amount_draft"] == "13400.00"
    assert voc["difference"] == "1000.00"  # 2 senior welders × 500; 中级 and B/高级 untouched
    dept = _row(r["departments"], "id", cast.department.pk)
    assert dept["difference"] == "1000.00" and dept["claims"] == 4
    assert r["total"]["difference"] == "1000.00"
    assert r["changed_count"] == 2 and r["flip_count"] == 0 and r["flips"] == []
    # Nothing was written to the claims.
    assert all(
        c.amount == Decimal("3500.00") for c in Claim.objects.filter(pk__in=[w.pk for w in claims["welders"]])
    )
    assert AuditEntry.objects.filter(action="whatif.run_start", object_id=str(run.pk)).count() == 1


def test_a_standard_ending_earlier_turns_later_claims_ineligible_and_lists_them(
    cast, claims, login, tmp_path, django_capture_on_commit_callbacks
):
    draft = _draft(cast, (A_SENIOR, "valid_until", "2021-03-31"), name="A类高级提前截止")
    assert "replace:" in draft.overlay
    run = _run(cast, draft, 2021, django_capture_on_commit_callbacks)
    r = run.result
    assert r["flip_count"] == 2
    assert sorted(f["id"] for f in r["flips"]) == sorted(c.pk for c in claims["welders"])
    for f in r["flips"]:
        assert f["eligible_today"] and not f["eligible_draft"]
        assert f["codes_draft"] == ["no_standard_in_force"]
        assert f["amount_draft"] == "0.00" and f["amount_today"] == "3500.00"
    voc = _row(r["schemes"], "code", "vocational_certificate")
    assert voc["eligible_draft"] == 2 and voc["amount_draft"] == "5400.00" and voc["difference"] == "-7000.00"
    # The 2020 senior welder is still inside the shortened window.
    run_2020 = _run(cast, draft, 2020, django_capture_on_commit_callbacks)
    assert run_2020.result["flip_count"] == 0 and run_2020.result["total"]["difference"] == "0.00"
    # The page lists them with a link to each claim.
    body = login(cast.hr).get(reverse("whatif:run_detail", args=[run.pk])).content.decode()
    for c in claims["welders"]:
        assert reverse("claim_detail", args=[c.pk]) in body
    assert "共 2 笔" in body and "申报日期无有效补贴标准" in body
    # The CLI reading the downloaded overlay refuses the same claim for the same reason.
    path = tmp_path / "draft.yaml"
    path.write_text(draft.overlay, encoding="utf-8")
    done = _cli("--catalogue", str(path), stdin=_cli_line(claims["welders"][0]))
    answer = json.loads(done.stdout)
    assert answer["eligible"] is False and answer["refusals"] == ["no_standard_in_force"], answer


def test_budget_headroom_per_department_today_and_under_the_draft(
    cast, claims, login, django_capture_on_commit_callbacks
):
    budget(cast.department, 2021, "10000.00")
    budget(cast.other_department, 2021, "5000.00")
    advance(cast, claims["welders"] + claims["middle"], to="dept_approved")  # 3500 + 3500 + 2400 reserved
    draft = _draft(cast, (A_SENIOR, "amount", "4000"))
    r = _run(cast, draft, 2021, django_capture_on_commit_callbacks).result
    dept = _row(r["departments"], "id", cast.department.pk)
    assert dept["budget"] == "10000.00"
    assert dept["committed_today"] == "9400.00" and dept["headroom_today"] == "600.00"
    assert dept["committed_draft"] == "10400.00" and dept["headroom_draft"] == "-400.00"
    other = _row(r["departments"], "id", cast.other_department.pk)  # a budget but no claims
    assert other["claims"] == 0 and other["budget"] == "5000.00" and other["headroom_draft"] == "5000.00"
    assert r["budget_total"]["budget"] == "15000.00"
    run = Run.objects.get()
    charts = login(cast.auditor).get(reverse("whatif:run_detail", args=[run.pk])).context["charts"]
    at = charts["departments"]["names"].index(cast.department.short_name)
    assert charts["departments"]["today"][at] == "94.0" and charts["departments"]["draft"][at] == "104.0"


def test_a_run_that_cannot_build_its_catalogue_fails_with_a_message_not_a_500(cast, login):
    draft = _draft(cast)
    run = Run.objects.create(draft=draft, year=2021, overlay="schemes: 5\n", requested_by=cast.hr)
    services.run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and "草案无法构成有效的政策目录" in run.error
    body = login(cast.hr).get(reverse("whatif:run_detail", args=[run.pk])).content.decode()
    assert "测算失败" in body and 'hx-trigger="every 1s"' not in body


def test_the_xlsx_export_holds_the_figures(cast, claims, login, django_capture_on_commit_callbacks):
    budget(cast.department, 2021, "10000.00")
    run = _run(cast, _draft(cast, (A_SENIOR, "amount", "4000")), 2021, django_capture_on_commit_callbacks)
    client = login(cast.finance)
    response = client.get(reverse("whatif:run_export", args=[run.pk]) + "?by=department")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "主管部门"))
    assert rows[header][4:7] == ["现行金额（元）", "草案金额（元）", "差额（元）"]
    dept = next(r for r in rows[header + 1 :] if r[0] == cast.department.short_name)
    assert dept[1:4] == [4, 4, 4]
    assert [Decimal(str(v)) for v in dept[4:12]] == [
        Decimal(x) for x in ("12400", "13400", "1000", "10000", "0", "0", "10000", "10000")
    ]
    assert rows[-1][0] == "合计" and Decimal(str(rows[-1][6])) == Decimal("1000")
    by_scheme = client.get(reverse("whatif:run_export", args=[run.pk]) + "?by=scheme")
    ws = load_workbook(io.BytesIO(by_scheme.content)).active
    voc = next(r for r in ws.iter_rows(values_only=True) if r[0] == "职业证书培训")
    assert voc[1] == 4 and Decimal(str(voc[6])) == Decimal("1000")


@pytest.mark.parametrize(
    ("entry", "field", "value", "named", "words"),
    [
        (A_SENIOR, "amount", "四千", "value", "应为数字"),
        (A_SENIOR, "amount", "-1", "value", "不能为负数"),
        (A_SENIOR, "amount", "4000.123", "value", "最多2位小数"),
        (A_SENIOR, "valid_until", "2021/03/31", "value", "YYYY-MM-DD"),
        (A_SENIOR, "valid_until", "2019-01-01", "value", "早于生效日期"),
        ("schemes/no_such_scheme/standards#0", "amount", "1", "entry", "没有这个标准条目"),
        ("schemes/vocational_certificate/standards/A/高级#7", "amount", "1", "entry", "没有这个标准条目"),
        (A_SENIOR, "cap", "100", "field", "没有可修改"),
        ("annual_limit#0", "count", "2.5", "value", "整数"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(cast, entry, field, value, named, words):
    draft = _draft(cast)
    audits = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        services.draft_change_set(actor=cast.hr, draft=draft, entry=entry, field=field, value=value)
    assert exc.value.errors[0].field == named and words in str(exc.value)
    draft.refresh_from_db()
    assert draft.changes == [] and AuditEntry.objects.count() == audits


def test_a_draft_needs_a_unique_name_and_a_valid_year_to_run(cast):
    _draft(cast)
    with pytest.raises(RuleViolation) as exc:
        services.draft_create(actor=cast.hr, name="A类高级提标")
    assert exc.value.errors[0].field == "name"
    with pytest.raises(RuleViolation) as exc:
        services.run_start(actor=cast.hr, draft=Draft.objects.get(), year="明年")
    assert exc.value.errors[0].field == "year" and Run.objects.count() == 0


def test_only_hr_writes(cast):
    for user in (cast.finance, cast.auditor, cast.dept, cast.institution):
        with pytest.raises(PermissionDenied):
            services.draft_create(actor=user, name="x")
    draft = _draft(cast)
    with pytest.raises(PermissionDenied):
        services.draft_change_set(actor=cast.finance, draft=draft, entry=A_SENIOR, field="amount", value="1")
    services.draft_change_set(actor=cast.hradmin, draft=draft, entry=A_SENIOR, field="amount", value="3600")
    assert AuditEntry.objects.filter(action="whatif.draft_change", actor=cast.hradmin).count() == 1


def test_the_same_field_again_replaces_and_a_change_can_be_removed(cast):
    draft = _draft(
        cast, (A_SENIOR, "amount", "4000"), (A_SENIOR, "amount", "4200"), ("annual_limit#0", "count", "4")
    )
    assert [(c["field"], c["value"]) for c in draft.changes] == [("amount", "4200"), ("count", "4")]
    draft = services.draft_change_remove(actor=cast.hr, draft=draft, position=0)
    assert [c["field"] for c in draft.changes] == ["count"] and "4200" not in draft.overlay


def test_every_role_reaches_the_pages_it_may(cast, claims, login, django_capture_on_commit_callbacks):
    draft = _draft(cast, (A_SENIOR, "amount", "4000"))
    run = _run(cast, draft, 2021, django_capture_on_commit_callbacks)
    pages = [
        reverse("whatif:draft_list"),
        reverse("whatif:draft_detail", args=[draft.pk]),
        reverse("whatif:draft_overlay", args=[draft.pk]),
        reverse("whatif:run_detail", args=[run.pk]),
        reverse("whatif:run_progress", args=[run.pk]),
        reverse("whatif:run_export", args=[run.pk]),
    ]
    for user in (cast.hr, cast.hradmin, cast.finance, cast.auditor):
        client = login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user.username, url)
        assert client.get(reverse("whatif:draft_detail", args=[draft.pk + 99])).status_code == 404
        assert client.get(reverse("whatif:run_detail", args=[run.pk + 99])).status_code == 404
    for user in (cast.dept, cast.institution, cast.enterprise, cast.trainee, cast.outsider):
        client = login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (user.username, url)
    for user in (cast.finance, cast.auditor):
        client = login(user)
        response = client.post(reverse("whatif:run_start", args=[draft.pk]), {"year": "2021"})
        assert response.status_code == 403
        response = client.post(reverse("whatif:draft_list"), {"name": "财政草案"})
        assert response.status_code == 403
    assert Run.objects.count() == 1 and Draft.objects.count() == 1
    menu = reverse("whatif:draft_list")
    for user in (cast.hr, cast.finance, cast.auditor):
        assert menu in login(user).get(reverse("home")).content.decode(), user.username
    for user in (cast.dept, cast.trainee):
        assert menu not in login(user).get(reverse("home")).content.decode(), user.username


def test_hr_drafts_and_runs_on_the_screen(cast, claims, login, django_capture_on_commit_callbacks):
    client = login(cast.hr)
    response = client.post(reverse("whatif:draft_list"), {"name": "屏幕草案", "note": ""})
    draft = Draft.objects.get(name="屏幕草案")
    assert response.status_code == 302 and draft.author == cast.hr
    url = reverse("whatif:draft_detail", args=[draft.pk])
    bad = client.post(url, {"form": "change", "entry": A_SENIOR, "field": "amount", "value": "-5"})
    assert bad.status_code == 200 and "不能为负数" in bad.content.decode()
    client.post(url, {"form": "change", "entry": A_SENIOR, "field": "amount", "value": "4000"})
    draft.refresh_from_db()
    assert draft.changes == [{"entry": A_SENIOR, "field": "amount", "value": "4000"}]
    page = client.get(url)
    assert "没有“应用”" in page.content.decode() and "4000" in page.content.decode()
    assert page.context["entry_fields"]["annual_limit#0"] == {
        "count": "3",
        "valid_from": "2019-10-29",
        "valid_until": "2021-12-31",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("whatif:run_start", args=[draft.pk]), {"year": "2021"})
    run = Run.objects.get()
    assert response.status_code == 302 and run.status == Run.Status.DONE
    body = client.get(reverse("whatif:run_detail", args=[run.pk])).content.decode()
    assert "1,000.00" in body and "charts-data" in body and "耗时" in body
    progress = client.get(reverse("whatif:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "100%" in progress.content.decode()


def test_a_queued_run_shows_a_polling_progress_bar(cast, claims, login):
    draft = _draft(cast, (A_SENIOR, "amount", "4000"))
    run = services.run_start(actor=cast.hr, draft=draft, year=2021)  # on_commit not run: still queued
    body = login(cast.hr).get(reverse("whatif:run_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "排队中" in body


def _cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "skillup.policy", "quote", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _cli_line(claim) -> str:
    """The claim's stored facts with its person, as checks.run gives them to the engine (no earlier claims)."""
    person = claim.person
    line = dict(claim.facts, id=str(claim.pk))
    line["person"] = {
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "groups": person.group_list,
        "pension": person.pension,
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


def test_the_cli_with_the_exported_overlay_agrees_with_the_screen(
    cast, claims, login, tmp_path, django_capture_on_commit_callbacks
):
    draft = _draft(cast, (A_SENIOR, "amount", "4000"), ("uplifts/trade_friction/rates#0", "rate", "0.20"))
    run = _run(cast, draft, 2021, django_capture_on_commit_callbacks)
    exported = login(cast.auditor).get(reverse("whatif:draft_overlay", args=[draft.pk]))
    path = tmp_path / "draft.yaml"
    path.write_bytes(exported.content)
    done = _cli("--catalogue", str(path), "--compare", stdin=_cli_line(claims["welders"][0]))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["amount"] == "4000.00"
    table = done.stderr.splitlines()
    voc = next(t for t in table if t.startswith("vocational_certificate")).split()
    assert voc[2:] == ["3500.00", "4000.00", "500.00"]
    # The screen's per-claim difference for this claim is the CLI's: 2 such claims make the 1000.
    assert _row(run.result["schemes"], "code", "vocational_certificate")["difference"] == "1000.00"
    # And the engine reads the stored overlay the same way the CLI does.
    assert load_catalogue(path).scheme("vocational_certificate") is not None
    assert (
        overlay.load(draft.overlay).scheme("vocational_certificate").entries_at(("A", "高级"))[-1].amount
        == 4000
    )


def test_the_demo_draft_is_run_over_the_current_year(cast, claims, django_capture_on_commit_callbacks):
    import random

    from skillup.core.demo import DemoContext
    from skillup.whatif import demo

    ctx = DemoContext(seed=1, rng=random.Random(1))
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(ctx)
    run = Run.objects.get()
    assert run.year == 2021 and run.status == Run.Status.DONE and run.draft.author == cast.hr
    assert run.result["total"]["difference"] == "1000.00"  # the two senior welders; no uplifted claims
