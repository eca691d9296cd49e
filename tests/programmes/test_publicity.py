"""Publicity (issue 15 item 8, 第21条): policy explanations generated from the catalogue, and typical cases,
the honour roll and news written by HR, reviewed by a second officer (never the author) and published on
public pages that show published articles only and never an identity number."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.policy.catalogue import Catalogue, default_catalogue
from skillup.policy.explain import explain, yuan
from skillup.programmes import services_publicity as services
from skillup.programmes.models_publicity import Article
from tests.factories import PersonFactory, id_number_for

DAY = dt.date(2021, 6, 15)


def _changed_catalogue(amount: int) -> Catalogue:
    raw = copy.deepcopy(dict(default_catalogue().raw))
    raw["schemes"]["vocational_certificate"]["standards"]["A"]["高级"][0]["amount"] = amount
    return Catalogue(raw)


# -- explain.py: pure, from the catalogue -------------------------------------------------------------


def test_every_scheme_of_the_catalogue_is_explained_once_grouped_by_payee():
    catalogue = default_catalogue()
    explanation = explain(catalogue, on=DAY)
    codes = [s.code for g in explanation.groups for s in g.schemes]
    assert sorted(codes) == sorted(catalogue.schemes_by_code)
    assert [g.payee for g in explanation.groups] == ["person", "enterprise", "institution"]
    assert explanation.groups[0].title == "补贴给个人"


def test_a_senior_certificate_in_category_a_reads_3500_with_its_hours_and_clause():
    scheme = explain(default_catalogue(), on=DAY).scheme("vocational_certificate")
    assert scheme is not None
    row = next(s for s in scheme.standards if s.row == "A类 · 高级")
    assert row.value == "补贴 3,500 元；培训不少于 100 学时"
    assert row.clause == "附件2 职业证书培训" and row.in_force
    assert scheme.clause.startswith("附件2")
    assert "计入个人培训补贴次数：每人每年最多 3 次（第20条）" in scheme.conditions
    assert any(c.startswith("经贸摩擦上浮：标准上浮 30%") for c in scheme.conditions)


def test_a_changed_catalogue_amount_changes_the_explanation():
    scheme = explain(_changed_catalogue(3800), on=DAY).scheme("vocational_certificate")
    assert scheme is not None
    assert next(s for s in scheme.standards if s.row == "A类 · 高级").value.startswith("补贴 3,800 元")


def test_caps_rates_shares_and_old_standards_are_read_from_the_data():
    ex = explain(default_catalogue(), on=DAY)
    safety, allowance, project, grant, syb = (
        ex.scheme(c)
        for c in (
            "special_operation_safety",
            "chief_technician_allowance",
            "project_training",
            "high_skill_training_grant",
            "syb_training",
        )
    )
    assert [s.value for s in safety.standards] == [
        "按实际费用补贴，最高 500 元",
        "按实际费用补贴，最高 100 元",
    ]
    assert allowance.standards[0].value == "每月 1,000 元；最长享受 36 个月"
    assert "「职业证书培训」标准的 50%" in project.standards[0].value
    old, new = grant.standards[:2]
    assert (old.value, old.in_force, old.dated) == ("补贴 2,000 元", False, True)
    assert (new.value, new.in_force) == ("补贴 4,500 元", True)
    assert any("每人行动期内累计最高 1,000 元（第6条）" in c for c in syb.conditions)


def test_after_the_plan_no_standard_is_in_force():
    scheme = explain(default_catalogue(), on=dt.date(2022, 1, 1)).scheme("vocational_certificate")
    assert scheme is not None and not scheme.in_force
    assert not any(s.in_force for s in scheme.standards)


def test_yuan_keeps_cents_only_when_there_are_some():
    assert yuan(Decimal("2100")) == "2,100 元"
    assert yuan(Decimal("12.5")) == "12.50 元"


# -- the editor's life cycle --------------------------------------------------------------------------

NEWS = {"kind": "news", "title": "区人社局举办2021年职业技能竞赛", "body": "第一段。\n\n第二段<script>"}


def _honour(**extra):
    return {
        "kind": "honour",
        "title": "陈师傅：三十年磨一剑",
        "body": "从学徒到高级技师。",
        "person_name": "陈大明",
        "employer_name": "浙江上虞甲机械有限公司",
        "honour_title": "高级技师 · 浙江省技术能手",
        "consent_on": "2021-06-01",
        "consent_note": "书面同意书",
    } | extra


@pytest.mark.django_db
def test_draft_submit_return_correct_approve_publish_and_take_down(cast):
    article = services.article_create(actor=cast.hr, data=NEWS)
    assert article.status == "draft" and article.author == cast.hr
    services.article_submit(actor=cast.hr, article=article)
    with pytest.raises(RuleViolation, match="退回时请写明原因"):
        services.article_review(actor=cast.hradmin, article=article, decision="return")
    article = services.article_review(
        actor=cast.hradmin, article=article, decision="return", reason="标题请写明竞赛名称"
    )
    assert article.status == "returned" and article.return_reason == "标题请写明竞赛名称"
    article = services.article_update(
        actor=cast.hr, article=article, data=NEWS | {"title": "2021年焊工技能竞赛举行"}
    )
    services.article_submit(actor=cast.hr, article=article)
    article = services.article_review(actor=cast.hradmin, article=article, decision="approve")
    assert article.status == "approved" and article.reviewer == cast.hradmin
    article = services.article_publish(actor=cast.hr, article=article)
    assert article.status == "published" and article.published_on == DAY
    with pytest.raises(RuleViolation, match="撤下原因"):
        services.article_unpublish(actor=cast.hr, article=article, reason="")
    article = services.article_unpublish(actor=cast.hr, article=article, reason="信息有误")
    assert article.status == "unpublished"
    article = services.article_update(actor=cast.hr, article=article, data=NEWS)
    assert article.status == "draft"  # taken down and changed: reviewed again before it returns
    actions = list(AuditEntry.objects.filter(object_id=str(article.pk)).values_list("action", flat=True))
    assert {
        "article.create",
        "article.submit",
        "article.return",
        "article.update",
        "article.approve",
        "article.publish",
        "article.unpublish",
    } <= set(actions)


@pytest.mark.django_db
def test_the_author_cannot_approve_their_own_article(cast):
    article = services.article_create(actor=cast.hradmin, data=NEWS)
    services.article_submit(actor=cast.hradmin, article=article)
    with pytest.raises(NotAllowed, match="撰稿人不能审核自己的文章"):
        services.article_review(actor=cast.hradmin, article=article, decision="approve")
    with pytest.raises(NotAllowed, match="审核通过后才能发布"):
        services.article_publish(actor=cast.hradmin, article=article)
    assert services.article_review(actor=cast.hr, article=article, decision="approve").status == "approved"


@pytest.mark.django_db
def test_only_hr_writes_and_only_the_author_edits(cast):
    for user in (cast.dept, cast.enterprise, cast.finance, cast.trainee):
        with pytest.raises(NotAllowed):
            services.article_create(actor=user, data=NEWS)
    article = services.article_create(actor=cast.hr, data=NEWS)
    with pytest.raises(NotAllowed, match="只有撰稿人"):
        services.article_update(actor=cast.hradmin, article=article, data=NEWS)
    with pytest.raises(NotAllowed, match="只有撰稿人"):
        services.article_submit(actor=cast.hradmin, article=article)


@pytest.mark.django_db
def test_an_honour_entry_needs_the_persons_recorded_consent(cast):
    with pytest.raises(RuleViolation) as caught:
        services.article_create(actor=cast.hr, data=_honour(consent_on="", consent_note=""))
    assert [e.field for e in caught.value.errors] == ["consent_on"]
    assert "须经本人同意" in caught.value.errors[0].message
    with pytest.raises(RuleViolation, match="同意的方式"):
        services.article_create(actor=cast.hr, data=_honour(consent_note=""))
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        services.article_create(actor=cast.hr, data=_honour(consent_on="2021-07-01"))
    with pytest.raises(RuleViolation) as caught:
        services.article_create(actor=cast.hr, data=_honour(person_name="", honour_title=""))
    assert {e.field for e in caught.value.errors} == {"person_name", "honour_title"}
    article = services.article_create(actor=cast.hr, data=_honour())
    assert article.consent_on == dt.date(2021, 6, 1) and article.consent_recorded_by == cast.hr


@pytest.mark.django_db
def test_a_case_about_a_registered_person_needs_consent_too_and_fills_name_and_employer(cast):
    number = id_number_for(7701)
    PersonFactory(number=number, name="钱技师", employer=cast.enterprise_org)
    case = {"kind": "case", "title": "技能提升带来新岗位", "body": "……", "id_number": number}
    with pytest.raises(RuleViolation, match="须经本人同意"):
        services.article_create(actor=cast.hr, data=case)
    article = services.article_create(
        actor=cast.hr, data=case | {"consent_on": "2021-06-10", "consent_note": "书面同意书"}
    )
    assert (article.person_name, article.employer_name) == ("钱技师", "浙江上虞甲机械有限公司")
    with pytest.raises(RuleViolation, match="未在系统登记"):
        services.article_create(actor=cast.hr, data=case | {"id_number": id_number_for(7702)})


# -- pages ----------------------------------------------------------------------------------------------


def _published(cast, data):
    article = services.article_create(actor=cast.hr, data=data)
    services.article_submit(actor=cast.hr, article=article)
    services.article_review(actor=cast.hradmin, article=article, decision="approve")
    return services.article_publish(actor=cast.hradmin, article=article)


@pytest.mark.django_db
def test_the_public_policy_page_is_generated_from_the_catalogue(client, monkeypatch):
    response = client.get(reverse("programmes:public_policies"))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "补贴 3,500 元；培训不少于 100 学时" in page
        and 'href="/market/calculator/"' in page
        and 'href="/market/"' in page
    )
    assert "企业岗位练兵、技能竞赛补贴" in page and "最高 30,000 元" in page
    from skillup.policy import catalogue as module

    monkeypatch.setattr(module, "default_catalogue", lambda: _changed_catalogue(3777))
    page = client.get(reverse("programmes:public_policies")).content.decode()
    assert "补贴 3,777 元；培训不少于 100 学时" in page and "补贴 3,500 元；培训不少于 100 学时" not in page


@pytest.mark.django_db
def test_the_public_sees_only_published_articles_and_a_draft_is_404(
    client, cast, django_assert_max_num_queries
):
    published = _published(cast, _honour(id_number=""))
    PersonFactory(number=id_number_for(7703), name="孙匠人")
    linked = _published(cast, _honour(title="孙匠人的故事", id_number=id_number_for(7703), person_name=""))
    draft = services.article_create(actor=cast.hr, data=NEWS | {"title": "尚未发布的动态"})
    submitted = services.article_create(actor=cast.hr, data=NEWS | {"title": "等待审核的动态"})
    services.article_submit(actor=cast.hr, article=submitted)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("programmes:public_articles"), {"kind": "honour"}).content.decode()
    assert published.title in page and "陈大明" in page and "高级技师 · 浙江省技术能手" in page
    assert draft.title not in page and submitted.title not in page
    detail = client.get(reverse("programmes:public_article", args=[linked.pk])).content.decode()
    assert "孙匠人" in detail and id_number_for(7703) not in detail
    for hidden in (draft, submitted):
        assert client.get(reverse("programmes:public_article", args=[hidden.pk])).status_code == 404
    body = client.get(reverse("programmes:public_article", args=[_published(cast, NEWS).pk])).content.decode()
    assert (
        "<p>第一段。</p>" in body
        and "&lt;script&gt;" in body
        and "<script>" not in body.split("article-body")[1]
    )
    index = client.get(reverse("programmes:public_index")).content.decode()
    assert published.title in index and draft.title not in index


@pytest.mark.django_db
def test_public_pages_are_phone_first(client, cast):
    _published(cast, _honour())
    for name in ("programmes:public_index", "programmes:public_policies", "programmes:public_articles"):
        page = client.get(reverse(name)).content.decode()
        assert 'name="viewport"' in page and "width=device-width" in page
    page = client.get(reverse("programmes:public_policies")).content.decode()
    assert "d-none d-md-table-cell" in page  # the clause column folds away on a phone


@pytest.mark.django_db
def test_the_editor_is_hrs_and_the_review_buttons_show_only_to_a_second_officer(
    login, cast, django_assert_max_num_queries
):
    article = services.article_create(actor=cast.hr, data=NEWS)
    services.article_submit(actor=cast.hr, article=article)
    for user in (cast.dept, cast.enterprise, cast.trainee):
        assert login(user).get(reverse("programmes:articles")).status_code == 403
    client = login(cast.hr)
    with django_assert_max_num_queries(12):
        assert article.title in client.get(reverse("programmes:articles")).content.decode()
    own = client.get(reverse("programmes:article", args=[article.pk])).content.decode()
    assert "审核通过" not in own and "撰稿人不能审核自己的文章" in own
    response = client.post(reverse("programmes:article_change", args=[article.pk, "approve"]), follow=True)
    assert "撰稿人不能审核自己的文章" in response.content.decode()
    assert Article.objects.get().status == "submitted"
    other = login(cast.hradmin)
    assert "审核通过" in other.get(reverse("programmes:article", args=[article.pk])).content.decode()
    other.post(reverse("programmes:article_change", args=[article.pk, "approve"]))
    other.post(reverse("programmes:article_change", args=[article.pk, "publish"]))
    assert Article.objects.get().status == "published"


@pytest.mark.django_db
def test_the_form_names_the_missing_consent_and_saves_nothing(login, cast):
    client = login(cast.hr)
    response = client.post(reverse("programmes:article_new"), _honour(consent_on="", consent_note=""))
    assert response.status_code == 200 and "须经本人同意" in response.content.decode()
    assert not Article.objects.exists()
    response = client.post(reverse("programmes:article_new"), _honour())
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("programmes:article", args=[article.pk])


@pytest.mark.django_db
def test_the_second_officers_home_lists_the_article_waiting_for_review(login, cast):
    article = services.article_create(actor=cast.hr, data=NEWS)
    services.article_submit(actor=cast.hr, article=article)
    assert "宣传文章待审核" in login(cast.hradmin).get("/").content.decode()
    assert "宣传文章待审核" not in login(cast.hr).get("/").content.decode()  # the author's own


@pytest.mark.django_db
def test_the_article_register_exports_with_consent_and_reviewer(login, cast):
    import io

    from openpyxl import load_workbook

    _published(cast, _honour())
    response = login(cast.hr).get(reverse("programmes:articles"), {"export": "1", "kind": "honour"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "陈大明" in values and "书面同意书" in values and "hradmin" in values
