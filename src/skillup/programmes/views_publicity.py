"""Publicity pages (第21条). Public, no login, phone-first: the policy explained from the catalogue, typical
cases, the honour roll of high-skill talents and news — published articles only, a draft is 404. HR's
editor: the list, the form, and an article's page with submit, review (by a second officer), publish and
take down."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.programmes import permissions, selectors_publicity, services_publicity
from skillup.programmes.forms import _Styled
from skillup.programmes.models_publicity import Article

EDITORS = (Role.HR, Role.HR_ADMIN)
ERRORS = (RuleViolation, StateConflict, NotAllowed)


class ArticleForm(_Styled):
    kind = forms.ChoiceField(label="栏目", choices=Article.Kind.choices)
    title = forms.CharField(label="标题", max_length=100)
    summary = forms.CharField(label="摘要", max_length=200, required=False, help_text="列表中显示的一两句话")
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="纯文本；空一行为分段。",
    )
    person_name = forms.CharField(label="姓名", max_length=50, required=False, help_text="高技能人才风采必填")
    employer_name = forms.CharField(label="工作单位", max_length=200, required=False)
    honour_title = forms.CharField(
        label="技能等级或荣誉称号", max_length=100, required=False, help_text="如 高级技师、浙江省技术能手"
    )
    id_number = forms.CharField(
        label="关联人员身份证号",
        max_length=18,
        required=False,
        help_text="可不填；用于与人员档案关联，公开页面不显示",
    )
    consent_on = forms.DateField(
        label="本人同意日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="宣传个人事迹须经本人同意",
    )
    consent_note = forms.CharField(
        label="同意方式", max_length=100, required=False, help_text="如 书面同意书"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = False  # the service says what is missing, all together


def _initial(article: Article) -> dict:
    names = ("kind", "title", "summary", "body", "person_name", "employer_name", "honour_title")
    return {n: getattr(article, n) for n in names} | {
        "consent_on": article.consent_on,
        "consent_note": article.consent_note,
    }


# -- public ---------------------------------------------------------------------------------------------


def public_index(request):
    """The front page of 政策宣传: the policy explanation's groups and the newest of each column."""
    explanation = selectors_publicity.policy_explanation()
    latest = selectors_publicity.latest_public()
    columns = [(value, label, latest[value]) for value, label in Article.Kind.choices]
    return render(request, "programmes/public_index.html", {"explanation": explanation, "columns": columns})


def public_policies(request):
    """Every scheme of the catalogue in plain Chinese, grouped by who is paid (generated, never hand-written)."""
    return render(
        request, "programmes/public_policies.html", {"explanation": selectors_publicity.policy_explanation()}
    )


def public_articles(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Article.Kind.values else ""
    page = paginate(request, selectors_publicity.articles_public(kind), per_page=20)
    return render(
        request,
        "programmes/public_articles.html",
        {"page_obj": page, "kind": kind, "title": dict(Article.Kind.choices).get(kind, "全部文章")},
    )


def public_article(request, pk: int):
    try:
        article = selectors_publicity.article_public(pk)
    except Article.DoesNotExist:
        raise Http404 from None
    return render(request, "programmes/public_article.html", {"article": article})


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# -- HR's editor --------------------------------------------------------------------------------------------


@roles_required(*EDITORS)
def article_list(request):
    g = request.GET
    filters = {
        "kind": g.get("kind", "") if g.get("kind", "") in Article.Kind.values else "",
        "status": g.get("status", "") if g.get("status", "") in Article.Status.values else "",
        "q": g.get("q", "").strip()[:50],
    }
    qs = selectors_publicity.article_list(request.user, **filters)
    if request.GET.get("export"):
        rows = [
            [a.get_kind_display(), a.title, a.person_name, a.employer_name, a.honour_title, a.consent_on,
             a.consent_note, _name(a.author), _name(a.reviewer), a.published_on, a.get_status_display()]
            for a in qs
        ]  # fmt: skip
        headers = ["栏目", "标题", "人物", "工作单位", "等级或称号", "本人同意日期", "同意方式", "撰稿人",
                   "审核人", "发布日期", "状态"]  # fmt: skip
        content = build_workbook(title="政策宣传文章（第21条）", headers=headers, rows=rows)
        return xlsx_response("政策宣传文章.xlsx", content)
    context = {
        "page_obj": paginate(request, qs),
        "filters": filters,
        "kinds": Article.Kind.choices,
        "statuses": Article.Status.choices,
        "waiting": selectors_publicity.waiting_review(request.user).count(),
        "allow_write": permissions.can_write_article(request.user).allowed,
    }
    return render(request, "programmes/article_list.html", context)


@roles_required(*EDITORS)
def article_new(request):
    form = ArticleForm(request.POST or None, initial={"kind": request.GET.get("kind", "news")})
    if request.method == "POST" and form.is_valid():
        try:
            article = services_publicity.article_create(actor=request.user, data=form.cleaned_data)
        except ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"「{article.title}」已保存为草稿，确认无误后提交审核。")
            return redirect("programmes:article", article.pk)
    return render(request, "programmes/article_form.html", {"form": form, "article": None})


def _article(request, pk: int) -> Article:
    try:
        return selectors_publicity.articles_visible_to(request.user).get(pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None


@roles_required(*EDITORS)
def article_edit(request, pk: int):
    article = _article(request, pk)
    form = ArticleForm(request.POST or None, initial=_initial(article))
    if request.method == "POST" and form.is_valid():
        try:
            services_publicity.article_update(actor=request.user, article=article, data=form.cleaned_data)
        except ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, "修改已保存。")
            return redirect("programmes:article", article.pk)
    verdict = permissions.can_edit_article(request.user, article)
    return render(
        request, "programmes/article_form.html", {"form": form, "article": article, "verdict": verdict}
    )


@roles_required(*EDITORS)
def article_detail(request, pk: int):
    article = _article(request, pk)
    user = request.user
    context = {
        "article": article,
        "edit": permissions.can_edit_article(user, article),
        "submit": permissions.can_submit_article(user, article),
        "review": permissions.can_review_article(user, article),
        "publish": permissions.can_publish_article(user, article),
        "unpublish": permissions.can_unpublish_article(user, article),
    }
    return render(request, "programmes/article_detail.html", context)


@require_POST
@roles_required(*EDITORS)
def article_change(request, pk: int, action: str):
    article = _article(request, pk)
    p = request.POST
    done = {
        "submit": "已提交审核，等待另一位工作人员审核。",
        "approve": "审核通过，可以发布。",
        "return": "已退回撰稿人修改。",
        "publish": "已发布，公众可在政策宣传页面看到。",
        "unpublish": "已从公开页面撤下。",
    }
    if action not in done:
        raise Http404
    try:
        if action == "submit":
            services_publicity.article_submit(actor=request.user, article=article)
        elif action in ("approve", "return"):
            services_publicity.article_review(
                actor=request.user, article=article, decision=action, reason=p.get("reason", "")
            )
        elif action == "publish":
            services_publicity.article_publish(actor=request.user, article=article)
        else:
            services_publicity.article_unpublish(
                actor=request.user, article=article, reason=p.get("reason", "")
            )
    except ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, done[action])
    return redirect("programmes:article", article.pk)
