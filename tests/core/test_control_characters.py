"""Issue 10 item 4: a control character is refused in every text input — forms, the request guard, the
JSON roster, .xlsx imports — with a Chinese message naming the field (and row), and nothing is written."""

import importlib
import json
import pkgutil

import pytest
from django import forms
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

import skillup
from skillup.accounts.models import User
from skillup.core import text
from skillup.core.errors import RuleViolation
from skillup.core.forms import TextInputsMixin
from skillup.registry.models import Person
from skillup.registry.services import clean_person_fields
from skillup.training import roster
from skillup.training.models import Enrolment
from tests.factories import id_number_for
from tests.training.helpers import make_class, xlsx

CC = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
LINE_BREAKS = {"\t", "\n", "\r"}


@given(st.sampled_from(CC), st.text(max_size=5), st.text(max_size=5))
def test_every_control_character_is_refused_on_one_line(char, before, after):
    assert text.check_text(before + char + after) is not None


@given(st.sampled_from(sorted(set(CC) - LINE_BREAKS)))
def test_only_tab_and_line_breaks_are_allowed_in_several_lines(char):
    assert text.check_text(f"第一行{char}", multiline=True) is not None
    assert text.check_text("第一行\r\n第二行\t完", multiline=True) is None
    assert text.check_text("第一行\r\n第二行\t完") is not None


@given(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs"])))
def test_text_without_control_characters_passes(value):
    assert text.check_text(value) is None


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(skillup.__path__, "skillup."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("skillup.") and cls.__module__ != "skillup.core.forms":
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


FORMS = _form_classes()
EXTRA = {"ApplyForm": {"role": "trainee", "scheme": "ui_skill_upgrade"}}


def test_the_forms_are_found():
    assert len(FORMS) >= 25 and any(c.__name__ == "SignupForm" for c in FORMS)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_every_form_refuses_control_characters_in_every_text_field(db, form_class):
    assert issubclass(form_class, TextInputsMixin), (
        f"{form_class.__name__}: derive from skillup.core.forms.Form"
    )
    blank = form_class(**EXTRA.get(form_class.__name__, {}))
    text_fields = [n for n, f in blank.fields.items() if isinstance(f, forms.CharField)]
    for name in text_fields:
        form = form_class({name: "王\x01五"}, **EXTRA.get(form_class.__name__, {}))
        form.is_valid()
        assert any("控制字符" in e for e in form.errors.get(name, [])), (form_class.__name__, name)
        multiline = isinstance(blank.fields[name].widget, forms.Textarea)
        form = form_class({name: "第一行\n第二行"}, **EXTRA.get(form_class.__name__, {}))
        form.is_valid()
        refused = any("控制字符" in e for e in form.errors.get(name, []))
        assert refused is not multiline, (form_class.__name__, name)


def test_signup_refuses_a_name_with_u0001_and_creates_nothing(cast):
    client = Client(raise_request_exception=False)
    people, users = Person.objects.count(), User.objects.count()
    response = client.post(
        "/training/signup/",
        {
            "id_number": id_number_for(1),
            "name": "王\x01五",
            "phone": "13900000001",
            "password": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()
    assert Person.objects.count() == people and User.objects.count() == users


def test_a_page_query_with_nul_is_the_400_page(cast, login):
    response = login(cast.hr).get("/registry/people/?q=a%00b")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "q" in response.content.decode() and "控制字符" in response.content.decode()


def test_the_json_roster_refuses_u0001_naming_row_and_field(cast, api_client):
    klass = make_class(cast.institution_org, cast.department)
    trainees = [
        {"id_number": id_number_for(i), "name": n, "phone": "", "groups": "企业职工"}
        for i, n in enumerate(["张三", "王\x01五"], start=1)
    ]
    response = api_client(cast.institution).post(
        f"/api/v1/classes/{klass.code}/roster", json.dumps({"trainees": trainees})
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "name") and "控制字符" in error["message"]
    assert not Enrolment.objects.filter(klass=klass).exists()


def test_the_xlsx_roster_refuses_control_characters_naming_sheet_row_and_column():
    # XML 1.0 (so .xlsx) cannot carry U+0001, but it does carry DEL and the C1 controls (U+0080–U+009F).
    rows = [
        [id_number_for(1), "张三", "", "企业职工"],
        [id_number_for(2), "王\x85五", "", "企业职工"],
        [id_number_for(3), "李四", "139\x7f", "企业职工"],
    ]
    with pytest.raises(RuleViolation) as exc:
        roster.rows_from_xlsx(xlsx(rows))
    assert [(e.row, e.field) for e in exc.value.errors] == [(3, "姓名"), (4, "手机号")]
    assert all("控制字符" in e.message for e in exc.value.errors)


def test_a_person_name_is_one_line():
    *_, errors = clean_person_fields(id_number=id_number_for(1), name="王\n五")
    assert [e.field for e in errors] == ["name"] and "控制字符" in errors[0].message


def test_a_certificate_holder_name_is_one_line_in_the_api(cast, api_client):
    body = {
        "id_number": id_number_for(5),
        "name": "王\n五",
        "family": "职业技能等级",
        "occupation": "电工",
        "level": "四级",
        "number": "S000000000009",
        "issued_on": "2021-03-01",
        "issuer_name": "浙江省职业技能鉴定中心",
    }
    response = api_client(cast.hr).post("/api/v1/certificates", json.dumps(body))
    assert response.status_code == 400
    assert any(e["field"] == "name" and "控制字符" in e["message"] for e in response.json()["errors"])
    assert not Person.objects.filter(name__contains="五").exists()
