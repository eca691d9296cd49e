"""Who reads which findings (issue 11 item 6), and the risk list's filters shared by page, export, tile and
API; the overview's counts and chart series; a real scan's findings carry their class, institution and
department so the scoping can work."""

from decimal import Decimal

import pytest

from skillup.core.errors import RuleViolation
from skillup.integrity import selectors, services
from skillup.integrity.models import Finding
from tests.integrity.factories import (
    claim_finding,
    class_finding,
    open_case,
    person_finding,
    shared_phone_class,
)
from tests.subsidies.factories import claims_for_class, finished_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    """A flagged class of the cast's institution under the cast's department, a finding on one of its
    claims, one on a trainee, and a class finding of the other institution under the other department."""
    claims = claims_for_class(cast, people=3)
    klass = claims[0].klass
    other = finished_class(cast, institution=cast.other_institution_org, department=cast.other_department)
    return {
        "class": class_finding(klass),
        "claim": claim_finding(claims[0]),
        "person": person_finding(claims[1].person),
        "other": class_finding(other, signal="backfilled"),
    }


def _seen(user) -> set[int]:
    return set(selectors.findings_visible_to(user).values_list("pk", flat=True))


def test_hr_and_the_auditor_read_every_finding(cast, world):
    every = {f.pk for f in world.values()}
    for user in (cast.hr, cast.hradmin, cast.auditor):
        assert _seen(user) == every, user.username


def test_a_department_reads_its_own_classes_and_claims_findings_only(cast, world):
    assert _seen(cast.dept) == {world["class"].pk, world["claim"].pk}
    assert _seen(cast.other_dept) == {world["other"].pk}


def test_an_institution_reads_its_findings_only_once_a_case_includes_them(cast, world):
    assert _seen(cast.institution) == set()
    open_case(cast, world["class"])
    assert _seen(cast.institution) == {world["class"].pk}
    # A case on another institution's finding shows nothing to this one.
    open_case(cast, world["other"])
    assert _seen(cast.institution) == {world["class"].pk}
    assert _seen(cast.other_institution) == {world["other"].pk}


def test_a_person_finding_stays_with_hr_and_the_auditor_even_in_a_case(cast, world):
    open_case(cast, world["person"])
    for user in (cast.dept, cast.institution, cast.trainee, cast.enterprise):
        assert world["person"].pk not in _seen(user)


@pytest.mark.parametrize(
    "who", ["finance", "enterprise", "other_enterprise", "trainee", "other_trainee", "outsider"]
)
def test_nobody_else_reads_any_finding(cast, world, who):
    open_case(cast, *world.values())
    assert _seen(getattr(cast, who)) == set()


def test_the_risk_list_starts_at_the_flag_and_sorts_by_score(cast, world):
    low = class_finding(world["class"].klass, signal="shared_phones", score="0.30")
    listed = list(selectors.findings_filtered(cast.hr, {}))
    assert low not in listed
    assert [f.score for f in listed] == sorted((f.score for f in listed), reverse=True)
    assert low in selectors.findings_filtered(cast.hr, {"min_score": "0"})
    assert selectors.filter_values({})["min_score"] == "0.50"


def test_each_filter_narrows_the_risk_list(cast, world):
    def listed(**params):
        return set(selectors.findings_filtered(cast.hr, params).values_list("pk", flat=True))

    assert listed(signal="backfilled") == {world["other"].pk}
    assert listed(institution=cast.other_institution_org.code) == {world["other"].pk}
    assert listed(department=cast.department.code) == {world["class"].pk, world["claim"].pk}
    assert listed(subject_type="person") == {world["person"].pk}
    assert listed(q=world["claim"].subject_ref) == {world["claim"].pk}
    assert listed(q=world["class"].klass.code) == {world["class"].pk, world["claim"].pk}
    assert listed(run=str(world["class"].last_run_id)) == {world["class"].pk}
    assert listed(run="x") == set()
    Finding.objects.filter(pk=world["claim"].pk).update(status=Finding.Status.CLEARED)
    assert listed(status="open", department=cast.department.code) == {world["class"].pk}


@pytest.mark.parametrize("bad", ["abc", "1.5", "-0.1", "NaN", "Infinity", "1e400"])
def test_a_minimum_score_outside_zero_to_one_is_a_chinese_field_error(cast, bad):
    with pytest.raises(RuleViolation) as caught:
        list(selectors.findings_filtered(cast.hr, {"min_score": bad}))
    (error,) = caught.value.errors
    assert error.field == "min_score" and "0 到 1" in error.message


def test_a_claims_panel_shows_what_can_hold_it(cast, world):
    claim = world["claim"].claim
    shown = {f.pk for f in selectors.findings_of_claim(cast.hr, claim)}
    assert shown == {world["class"].pk, world["claim"].pk}
    other_claim = world["person"].person.claims.get()
    assert {f.pk for f in selectors.findings_of_claim(cast.hr, other_claim)} == {
        world["class"].pk,
        world["person"].pk,
    }


def test_open_findings_come_first_on_an_object_page(cast, world):
    klass = world["class"].klass
    Finding.objects.filter(pk=world["class"].pk).update(status=Finding.Status.CLEARED)
    first, second = selectors.findings_of_class(cast.hr, klass)
    assert first.pk == world["claim"].pk and second.pk == world["class"].pk


def test_the_overview_counts_and_charts_flagged_findings(cast, world, settings):
    class_finding(world["class"].klass, signal="shared_phones", score="0.30")
    Finding.objects.filter(pk=world["person"].pk).update(status=Finding.Status.CLEARED)
    data = selectors.overview(cast.hr)
    assert data["tiles"] == {"open_flagged": 3, "open": 4, "cleared": 1, "confirmed": 0, "lapsed": 0}
    charts = data["charts"]
    assert charts["months"] == ["2021-06"]  # first seen today, shown on the business clock
    assert sum(sum(s["data"]) for s in charts["signals"]) == 4  # the 0.30 one is not a flag
    assert {s["name"] for s in charts["signals"]} == {
        "代签到",
        "多人共用收款账户",
        "反复参训领补",
        "事后补录考勤",
    }
    assert charts["top_institutions"]["names"][0] == cast.institution_org.name
    assert charts["top_institutions"]["open_flagged"] == [2, 1]
    by_class = selectors.overview(cast.hr, by="class")["charts"]
    assert by_class["by"] == "class" and by_class["months"] == ["2021-04"]  # the classes started in April
    assert sum(sum(s["data"]) for s in by_class["signals"]) == 3  # the person finding has no class


def test_the_overview_of_a_department_counts_its_own_findings_only(cast, world):
    assert selectors.overview(cast.dept)["tiles"]["open_flagged"] == 2


def test_a_real_scan_stores_the_finding_with_what_scoping_needs(cast):
    klass = shared_phone_class(cast)
    run = services.scan_command()
    assert run.status == "done", run.error
    finding = Finding.objects.get(subject_type="class", subject_ref=klass.code, signal="shared_phones")
    assert finding.klass == klass and finding.institution == cast.institution_org
    assert finding.department == cast.department and finding.score >= Decimal("0.50")
    assert finding in selectors.findings_filtered(cast.dept, {})
    assert finding in selectors.findings_filtered(cast.hr, {"run": str(run.pk)})
    labels = dict((n, m) for n, m, _ in selectors.run_thresholds(run))
    assert labels["PHONE_GROUP"].startswith("共用手机号")
