"""附件1: the competent department is derived from scheme, occupation, trainee group and employer kind,
first match wins in the documented order; every department of the annex is reachable; classes carry it."""

import datetime as dt

import pytest

from skillup.core.errors import RuleViolation
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import Enterprise
from skillup.training import departments, services
from skillup.training.departments import all_codes, competent_department, employer_kind_of
from tests.factories import EnterpriseFactory
from tests.training.helpers import ensure_org, file_for

ANNEX_1 = {  # 序号 → code (registry/data/organisations.yaml)
    1: "jxj", 2: "jtj", 3: "jzzx", 4: "nyncj", 5: "tyjrj", 6: "yjglj", 7: "mzj", 8: "wjj",
    9: "gzw", 10: "scjgj", 11: "cl", 12: "tqw", 13: "hszh", 14: "gxzs", 15: "swj",
}  # fmt: skip

VC = "vocational_certificate"


@pytest.mark.parametrize(
    ("row", "kwargs"),
    [
        (1, {"scheme": "special_ability", "occupation": "工业机器人操作"}),
        (2, {"scheme": VC, "occupation": "焊工", "groups": ["student"]}),
        (2, {"scheme": VC, "occupation": "电工", "groups": ["two_after"]}),
        (2, {"scheme": VC, "occupation": "电工", "groups": ["two_after_rural", "employee"]}),
        (2, {"scheme": VC, "occupation": "焊工", "groups": ["graduate"]}),
        (3, {"scheme": VC, "occupation": "砌筑工"}),
        (4, {"scheme": VC, "occupation": "焊工", "groups": ["farmer"]}),
        (4, {"scheme": VC, "occupation": "中式烹调师", "groups": ["low_income_rural"]}),
        (4, {"scheme": "rural_leader_training"}),
        (4, {"scheme": "special_ability", "occupation": "茶园植保"}),
        (5, {"scheme": "veteran_skill_training", "occupation": "电子产品装调"}),
        (5, {"scheme": VC, "occupation": "焊工", "groups": ["veteran"]}),
        (6, {"scheme": "special_operation_safety", "occupation": "低压电工作业"}),
        (
            6,
            {
                "scheme": "chemical_dual_certificate",
                "occupation": "化工总控工",
                "employer_kind": "state_owned",
            },
        ),
        (7, {"scheme": VC, "occupation": "养老护理员"}),
        (8, {"scheme": "special_ability", "occupation": "母婴护理"}),
        (9, {"scheme": VC, "occupation": "焊工", "employer_kind": "state_owned"}),
        (9, {"scheme": VC, "occupation": "砌筑工", "employer_kind": "state_owned"}),
        (10, {"scheme": VC, "occupation": "焊工", "employer_kind": "small_micro"}),
        (10, {"scheme": VC, "occupation": "电梯安装维修工"}),
        (10, {"scheme": "special_operation_safety", "occupation": "电梯安装维修工", "groups": ["disabled"]}),
        (11, {"scheme": VC, "occupation": "养老护理员", "groups": ["disabled"]}),
        (11, {"scheme": VC, "occupation": "焊工", "groups": ["disabled", "veteran"]}),
        (12, {"scheme": "startup_awareness_training", "groups": ["student"]}),
        (13, {"scheme": "project_training", "occupation": "应急救护员"}),
        (13, {"scheme": "project_training", "occupation": " 应急 救护员 ", "groups": ["disabled"]}),
        (14, {"scheme": VC, "occupation": "焊工", "employer_kind": "coop"}),
        (14, {"scheme": "special_ability", "occupation": "农村电商销售"}),
        (14, {"scheme": "startup_awareness_training", "occupation": "农村电商", "groups": ["farmer"]}),
        (15, {"scheme": "special_ability", "occupation": "网店操作"}),
        (15, {"scheme": VC, "occupation": "焊工", "employer_kind": "foreign_trade"}),
    ],
)
def test_each_annex_1_row_routes_to_its_department(row, kwargs):
    found = competent_department(**kwargs)
    assert found.code == ANNEX_1[row]
    assert f"附件1 第{row}行" in found.cite


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scheme": VC, "occupation": "焊工"},
        {"scheme": VC, "occupation": "焊工", "groups": ["employee", "unemployed", "urban_dibao"]},
        {"scheme": VC, "occupation": "焊工", "employer_kind": "general"},
        {"scheme": "syb_training"},
        {},
    ],
)
def test_everything_else_is_hr(kwargs):
    found = competent_department(**kwargs)
    assert found.code == "rsj" and "第19条" in found.cite


def test_the_order_of_precedence_is_the_documented_one():
    # 1 certificate-issuing before 3 group before 4 employer before 5 sector
    assert competent_department(scheme="special_operation_safety", groups=["veteran"]).code == "yjglj"
    assert competent_department(scheme=VC, occupation="养老护理员", groups=["veteran"]).code == "tyjrj"
    assert competent_department(
        scheme=VC, occupation="焊工", groups=["farmer"], employer_kind="coop"
    ).code == ("nyncj")
    assert competent_department(scheme=VC, occupation="砌筑工", employer_kind="small_micro").code == "scjgj"
    # 2 a department's own programme before the trainees' group
    assert competent_department(scheme="veteran_skill_training", groups=["disabled"]).code == "tyjrj"


def test_every_rule_names_a_real_department_scheme_group_and_kind():
    from skillup.policy.catalogue import default_catalogue
    from skillup.registry.demo import organisations_data

    orgs = {row["code"]: row for row in organisations_data()}
    assert all_codes() <= set(orgs)
    kinds = {c for c, _ in Enterprise.Kind.choices} | {departments.STATE_OWNED}
    for rule in departments.rules():
        assert orgs[rule.department]["kind"] in ("department", "hr")
        assert rule.groups <= set(TARGET_GROUPS)
        assert rule.employer_kinds <= kinds
        assert all(default_catalogue().scheme(s) is not None for s in rule.schemes)
        assert "附件1" in rule.cite or "第3条" in rule.cite


def test_each_of_the_15_departments_and_hr_is_reachable():
    annex = {row["code"] for row in __import__("skillup.registry.demo", fromlist=["x"]).organisations_data()}
    annex = {c for c in annex if c not in ("czj",)}
    assert all_codes() == annex
    assert len(annex) == 16


def test_employer_kind_reads_state_ownership_first(db):
    soe = EnterpriseFactory(state_owned=True, kind=Enterprise.Kind.SMALL_MICRO)
    small = EnterpriseFactory(kind=Enterprise.Kind.SMALL_MICRO)
    assert employer_kind_of(soe) == "state_owned"
    assert employer_kind_of(small) == "small_micro"
    assert employer_kind_of(None) == ""


# -- classes -----------------------------------------------------------------------------------
def _data(**extra):
    return {
        "scheme": VC,
        "occupation": "焊工",
        "level": "初级",
        "hours": 70,
        "start_date": dt.date(2021, 7, 1),
        "end_date": dt.date(2021, 7, 20),
        "venue": "实训楼",
        "capacity": 30,
        **extra,
    }


def test_a_class_for_students_goes_to_education(cast):
    file_for(cast.institution_org)
    jtj = ensure_org("jtj", "区教体局")
    klass = services.class_submit(actor=cast.institution, **_data(target_group="两后生"))
    assert klass.department == jtj and klass.target_group == "two_after"
    assert klass.department_cite.startswith("附件1 第2行")


def test_in_house_training_of_a_state_owned_firm_goes_to_gzw(cast):
    file_for(cast.institution_org)
    gzw = ensure_org("gzw", "区财政局（区国资委）")
    Enterprise.objects.filter(organisation=cast.enterprise_org).update(state_owned=True)
    klass = services.class_submit(actor=cast.institution, **_data(employer=cast.enterprise_org))
    assert (klass.department, klass.employer) == (gzw, cast.enterprise_org)
    assert "附件1 第9行" in klass.department_cite


def test_without_audience_a_class_is_routed_by_its_occupation(cast):
    file_for(cast.institution_org)
    klass = services.class_submit(actor=cast.institution, **_data())
    assert klass.department == cast.hr_bureau and "第19条" in klass.department_cite


def test_a_bad_audience_is_refused_naming_the_field(cast):
    file_for(cast.institution_org)
    with pytest.raises(RuleViolation) as exc:
        services.class_submit(
            actor=cast.institution, **_data(target_group="外星人", employer="91330604XXXXXXXXXX")
        )
    fields = {e.field for e in exc.value.errors}
    assert fields == {"target_group", "employer"}
    assert "培训对象“外星人”" in str(exc.value.errors[0])


def test_the_api_takes_the_audience_and_answers_the_derived_department(cast, api_client):
    file_for(cast.institution_org)
    ensure_org("scjgj", "区市场监督局")
    Enterprise.objects.filter(organisation=cast.enterprise_org).update(kind=Enterprise.Kind.SMALL_MICRO)
    body = {k: str(v) for k, v in _data(employer=cast.enterprise_org.uscc).items()}
    body.update(hours=70, capacity=30)
    r = api_client(cast.institution).post("/api/v1/classes", body)
    assert r.status_code == 201, r.content
    assert r.json()["department"] == "scjgj" and "附件1 第10行" in r.json()["department_cite"]
    detail = api_client(cast.institution).get(f"/api/v1/classes/{r.json()['code']}").json()
    assert detail["employer"] == cast.enterprise_org.uscc and detail["department"] == "scjgj"


def test_the_class_form_has_no_department_and_the_page_shows_the_cite(cast, client, login):
    file_for(cast.institution_org)
    ensure_org("cl", "区残联")
    login(cast.institution)
    page = client.get("/training/classes/new/")
    assert b'name="department"' not in page.content and b'name="target_group"' in page.content
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in _data().items()}
    r = client.post("/training/classes/new/", {**data, "target_group": "disabled"}, follow=True)
    assert "附件1 第11行 残联" in r.content.decode()
