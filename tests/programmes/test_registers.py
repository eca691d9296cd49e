"""首席技师与试点企业 (issue 15 item 3, 第10条): the registry's own rows read as a programme — pilots by year
against "逐年新增3-4家", high-skill demonstration enterprises, chief technicians' months used of the term
the catalogue sets — scoped per role, with the xlsx exports."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from skillup.programmes import registers
from skillup.registry import services_facts as facts
from skillup.subsidies.services import claim_apply
from tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _pilot(cast, enterprise, year):
    return facts.recognition_add(
        actor=cast.hr, enterprise=enterprise, kind="pilot", year=year, document=f"{year}年试点企业名单"
    )


def test_pilots_by_year_against_the_growth_target(cast):
    _pilot(cast, cast.enterprise_org, 2019)
    for _ in range(3):
        _pilot(cast, EnterpriseFactory().organisation, 2020)
    _pilot(cast, cast.other_enterprise_org, 2021)
    years = {y["year"]: y for y in registers.pilot_years(cast.hr)}
    assert years[2019]["due"] is False and years[2019]["total"] == 1
    assert years[2020]["count"] == 3 and years[2020]["met"] and years[2020]["total"] == 4
    assert years[2021]["count"] == 1 and not years[2021]["met"] and years[2021]["missing"] == 2
    assert years[2021]["current"]  # the business year (2021-06-15): not yet over


def test_the_term_comes_from_the_catalogue():
    assert registers.term_months(dt.date(2021, 6, 15)) == 36
    assert registers.term_months(dt.date(2022, 6, 1)) is None  # no standard in force after the plan


def test_months_used_count_the_claims_that_still_count(cast):
    for org in (cast.enterprise_org,):
        org.bank_account = f"62280000{org.pk:08d}"
        org.save()
    facts.recognition_add(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        kind="high_skill_demo",
        valid_from=dt.date(2020, 1, 1),
        document="绍兴市高技能人才集聚示范企业",
    )
    tech = PersonFactory(name="首席甲", employer=cast.enterprise_org)
    facts.chief_file(
        actor=cast.hr,
        enterprise=cast.enterprise_org,
        person=tech,
        valid_from=dt.date(2021, 1, 1),
        document="备案1号",
    )
    for months, day in (("3", dt.date(2021, 3, 31)), ("2", dt.date(2021, 5, 31))):
        claim_apply(
            actor=cast.enterprise,
            scheme="chief_technician_allowance",
            department=cast.hr_bureau,
            entitlement_date=day,
            facts={"months": months},
            person=tech,
        )
    (row,) = registers.chief_technicians(cast.hr)
    assert row["used"] == 5 and row["term"] == 36 and row["left"] == 31
    # The enterprise sees its own; another enterprise nothing.
    assert len(registers.chief_technicians(cast.enterprise)) == 1
    assert registers.chief_technicians(cast.other_enterprise) == []


@pytest.mark.parametrize("who", ["hr", "finance", "auditor", "enterprise"])
def test_who_sees_the_page(cast, login, who):
    _pilot(cast, cast.enterprise_org, 2020)
    page = login(getattr(cast, who)).get("/programmes/qualifications/")
    assert page.status_code == 200 and "职业技能等级认定试点企业" in page.content.decode()


def test_another_enterprise_does_not_see_the_pilot(cast, login):
    _pilot(cast, cast.enterprise_org, 2020)
    html = login(cast.other_enterprise).get("/programmes/qualifications/").content.decode()
    assert cast.enterprise_org.name not in html


@pytest.mark.parametrize("who", ["dept", "institution", "trainee"])
def test_other_roles_are_refused(cast, login, who):
    assert login(getattr(cast, who)).get("/programmes/qualifications/").status_code == 403


def test_exports(cast, login, django_assert_max_num_queries):
    _pilot(cast, cast.enterprise_org, 2020)
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        client.get("/programmes/qualifications/")
    sheet = load_workbook(io.BytesIO(client.get("/programmes/qualifications/?export=pilots").content)).active
    assert cast.enterprise_org.name in [c for row in sheet.iter_rows(values_only=True) for c in row]
    response = client.get("/programmes/qualifications/?export=chiefs")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_dashboard_counts_this_years_pilots(cast, login):
    _pilot(cast, cast.enterprise_org, 2021)
    _pilot(cast, cast.other_enterprise_org, 2021)
    html = login(cast.hr).get("/planning/dashboard/").content.decode()
    assert "本年新增技能等级认定试点企业" in html
    block = html[html.index('id="programme-kpis"') :][:600]
    assert '<div class="v">2</div>' in block and "3–4" in block
