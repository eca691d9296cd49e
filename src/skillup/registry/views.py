from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from skillup.accounts.roles import Role
from skillup.core.errors import NotAllowed, RuleViolation
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, xlsx_response
from skillup.registry import payees, permissions, selectors, services, services_accounts, services_groups
from skillup.registry.forms import (
    BankAccountForm,
    CitizenCardForm,
    EnterpriseFlagsForm,
    GroupRecognitionForm,
    MyInfoForm,
    PersonForm,
)
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import OrgKind
from skillup.registry.search import search_redirect, search_term

PEOPLE_ROLES = (
    Role.HR,
    Role.HR_ADMIN,
    Role.FINANCE,
    Role.AUDITOR,
    Role.DEPT,
    Role.INSTITUTION,
    Role.ENTERPRISE,
)


@roles_required(*PEOPLE_ROLES)
def people_list(request):
    if response := search_redirect(request):
        return response
    term = search_term(request)
    qs = selectors.people_filtered(request.user, request.GET, term)
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                p.name,
                p.id_masked,
                p.sex,
                p.birth_date,
                p.phone,
                p.group_names,
                p.employer.name if p.employer else "",
                "是" if p.pension else "否",
            ]
            for p in qs.iterator()
        )
        content = build_workbook(
            title="人员名册",
            headers=["姓名", "身份证号", "性别", "出生日期", "手机号", "人员类别", "工作单位", "领取养老金"],
            rows=rows,
        )
        return xlsx_response("人员名册.xlsx", content)
    return render(
        request,
        "registry/people_list.html",
        {
            "page_obj": paginate(request, qs),
            "search": term,
            "groups": TARGET_GROUPS,
            "register": permissions.can_register_person(request.user),
        },
    )


@login_required
def person_create(request):
    require(permissions.can_register_person(request.user))
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"已登记 {person.name}。")
            return redirect("person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form})


def _card_form(request, person, data=None):
    """HR records a person's new citizen card on the person page (the trainee uses 我的信息)."""
    if request.user.role == Role.TRAINEE or not permissions.can_change_card(request.user, person):
        return None
    return CitizenCardForm(data, initial={"citizen_card": ""})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    return render(
        request,
        "registry/person_detail.html",
        _person_context(request, person, card_form=_card_form(request, person)),
    )


def _person_context(request, person, *, card_form=None, recognition_form=None) -> dict:
    """What the person page shows: the person, reveal right, HR's card form, dated recognitions."""
    recording = permissions.can_record_recognition(request.user, person)
    return {
        "person": person,
        "reveal": permissions.can_reveal_id(request.user, person),
        "card_form": card_form,
        "card_display": payees.account_display(payees.PERSON, payees.person_account(person)),
        "recognitions": person.recognitions.select_related("recorded_by").order_by("group", "valid_from"),
        "recognition_form": (recognition_form or GroupRecognitionForm()) if recording else None,
    }


@login_required
def person_card(request, pk: int):
    """POST: HR records the person's new citizen card (audited with masked old and new numbers)."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = _card_form(request, person, request.POST or None)
    if form is None:
        raise NotAllowed()
    if request.method != "POST":
        return redirect("person_detail", pk=pk)
    if form.is_valid():
        try:
            services_accounts.person_card_update(
                actor=request.user, person=person, citizen_card=form.cleaned_data["citizen_card"]
            )
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, "市民卡号已登记；支付失败的申领重新发放时将使用新卡。")
            return redirect("person_detail", pk=pk)
    person.refresh_from_db()
    return render(
        request, "registry/person_detail.html", _person_context(request, person, card_form=form), status=400
    )


@roles_required(*permissions.RECORDERS)
def person_recognise(request, pk: int):
    """POST: HR or a department records a dated recognition of the person in a group (认定)."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect("person_detail", pk=pk)
    form = GroupRecognitionForm(request.POST)
    if form.is_valid():
        try:
            services_groups.group_recognise(actor=request.user, person=person, **form.cleaned_data)
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, "人员类别认定已登记。")
            return redirect("person_detail", pk=pk)
    context = _person_context(request, person, card_form=_card_form(request, person), recognition_form=form)
    return render(request, "registry/person_detail.html", context, status=400)


@login_required
def person_reveal(request, pk: int):
    """POST only: shows the full number once, and the read is written to the audit trail."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect("person_detail", pk=pk)
    number = services.person_reveal_id(
        actor=request.user, person=person, reason=request.POST.get("reason", "")[:100]
    )
    if request.htmx:
        return render(request, "registry/_revealed.html", {"number": number})
    return render(
        request, "registry/person_detail.html", {"person": person, "reveal": True, "revealed": number}
    )


@roles_required(Role.TRAINEE)
def my_profile(request):
    """我的信息: the trainee's own phone and citizen card (the card their subsidies are paid to)."""
    person = request.user.person
    if person is None:
        raise NotAllowed()
    form = MyInfoForm(
        request.POST or None, initial={"phone": person.phone, "citizen_card": person.citizen_card}
    )
    editing = permissions.can_change_card(request.user, person)  # a proven binding (issue 10)
    if request.method == "POST":
        require(editing)
    if request.method == "POST" and form.is_valid():
        try:
            services_accounts.person_card_update(
                actor=request.user,
                person=person,
                citizen_card=form.cleaned_data["citizen_card"],
                phone=form.cleaned_data["phone"],
            )
        except RuleViolation as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, "我的信息已更新。")
            return redirect("my_profile")
    return render(
        request,
        "registry/my_profile.html",
        {
            "person": person,
            "form": form if editing else None,
            "card_display": payees.account_display(payees.PERSON, payees.person_account(person)),
        },
    )


BANK_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.INSTITUTION, Role.ENTERPRISE)


@roles_required(*BANK_ROLES)
def bank_account(request, pk: int):
    """An institution's or enterprise's bank account: current (masked), the audited change history, and
    the change form for HR and the organisation's own staff."""
    organisation = get_object_or_404(
        selectors.organisations_visible_to(request.user).filter(kind__in=services_accounts.PAYEE_ORG_KINDS),
        pk=pk,
    )
    changing = permissions.can_change_bank_account(request.user, organisation)
    form = BankAccountForm(request.POST or None) if changing else None
    if request.method == "POST":
        require(changing)
        if form.is_valid():
            try:
                services_accounts.organisation_bank_account_update(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except RuleViolation as exc:
                show_error(request, exc, form)
            else:
                messages.success(request, "银行账号已变更；支付失败的申领重新发放时将使用新账号。")
                return redirect("bank_account", pk=pk)
    return render(
        request,
        "registry/bank_account.html",
        {
            "organisation": organisation,
            "account_display": payees.account_display(organisation.kind, organisation.bank_account),
            "history": selectors.bank_account_changes(organisation),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@roles_required(Role.INSTITUTION, Role.ENTERPRISE)
def my_bank_account(request):
    if request.user.organisation_id is None:
        raise NotAllowed()
    return redirect("bank_account", pk=request.user.organisation_id)


ENTERPRISE_ROLES = (Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR, Role.DEPT, Role.ENTERPRISE)


@roles_required(*ENTERPRISE_ROLES)
def enterprise_list(request):
    qs = selectors.enterprises_visible_to(request.user).order_by("organisation__name")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(organisation__name__icontains=q)
    for flag in ("listed", "chemical", "in_difficulty", "trade_friction", "high_skill_demo"):
        if request.GET.get(flag):
            qs = qs.filter(**{flag: True})
    return render(request, "registry/enterprise_list.html", {"page_obj": paginate(request, qs)})


@roles_required(*ENTERPRISE_ROLES)
def enterprise_detail(request, pk: int):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    editing = permissions.can_edit_enterprise(request.user, enterprise)
    form = None
    if editing:
        initial = {f: getattr(enterprise, f) for f in EnterpriseFlagsForm.base_fields}
        form = EnterpriseFlagsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.enterprise_update(actor=request.user, enterprise=enterprise, **form.cleaned_data)
            messages.success(request, "企业信息已更新。")
            return redirect("enterprise_detail", pk=pk)
    elif request.method == "POST":
        require(editing)
    return render(request, "registry/enterprise_detail.html", {"enterprise": enterprise, "form": form})


@login_required
def organisation_list(request):
    qs = (
        selectors.organisations_visible_to(request.user)
        .filter(kind__in=[OrgKind.HR, OrgKind.FINANCE, OrgKind.DEPARTMENT])
        .order_by("id")
    )
    return render(request, "registry/organisation_list.html", {"organisations": qs})
