"""Issue 10 item 7: no admin change outside the tamper-evident trail. Every model admin on the site either
writes through AuditedAdmin (old and new values in an audit row) or cannot write at all."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from skillup.accounts import audit
from skillup.accounts.admin_audit import HOOKS, AuditedAdmin, AuditedModelAdmin
from skillup.accounts.models import AuditEntry, User
from skillup.registry.models import Institution, Organisation

pytestmark = pytest.mark.django_db


def _superuser_request(cast):
    request = RequestFactory().get("/admin/")
    request.user = cast.hradmin
    return request


def _offenders(site, request) -> list[str]:
    offenders = []
    for model, model_admin in site._registry.items():
        can_write = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if not can_write:
            continue
        name = f"{model._meta.label} ({type(model_admin).__name__})"
        if not isinstance(model_admin, AuditedAdmin):
            offenders.append(f"{name}: not built on AuditedAdmin")
            continue
        overridden = [h for h in HOOKS if getattr(type(model_admin), h) is not getattr(AuditedAdmin, h)]
        if overridden:
            offenders.append(f"{name}: overrides {', '.join(overridden)}")
        if model_admin.get_inline_instances(request):
            offenders.append(f"{name}: inlines are not audited")
        custom = set(model_admin.get_actions(request)) - {"delete_selected"}
        if custom:
            offenders.append(f"{name}: custom actions {sorted(custom)} bypass the audited hooks")
    return offenders


def test_every_model_admin_that_can_write_is_audited(cast):
    """A future admin.py cannot bypass the trail: this walks the whole registry."""
    assert _offenders(admin.site, _superuser_request(cast)) == []


def test_the_walk_catches_unaudited_admins(cast):
    class Plain(admin.ModelAdmin):
        pass

    class Sneaky(AuditedModelAdmin):
        actions = ["mark"]

        def save_model(self, request, obj, form, change):
            obj.save()

        @admin.action(description="批量修改")
        def mark(self, request, queryset):
            queryset.update(name="x")

    site = admin.AdminSite(name="probe")
    site.register(Institution, Plain)
    site.register(Organisation, Sneaky)
    assert _offenders(site, _superuser_request(cast)) == [
        "registry.Institution (Plain): not built on AuditedAdmin",
        "registry.Organisation (Sneaky): overrides save_model",
        "registry.Organisation (Sneaky): custom actions ['mark'] bypass the audited hooks",
    ]


def test_an_admin_change_to_an_organisation_is_audited_with_old_and_new_values(cast, login):
    org = cast.enterprise_org
    org.bank_account = "6222001234567890"
    org.save()
    before = AuditEntry.objects.count()
    url = reverse("admin:registry_organisation_change", args=[org.pk])
    response = login(cast.hradmin).post(
        url,
        {
            "kind": org.kind,
            "code": org.code,
            "name": "浙江上虞甲机械股份有限公司",
            "uscc": org.uscc or "",
            "contact_phone": "0575-82000000",
            "bank_account": "1111111111",  # not a field of the form: ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert org.name == "浙江上虞甲机械股份有限公司" and org.bank_account == "6222001234567890"
    (row,) = AuditEntry.objects.filter(seq__gt=before)
    assert (row.action, row.actor_id, row.object_id) == ("admin.change", cast.hradmin.pk, str(org.pk))
    assert row.changes == {
        "name": ["浙江上虞甲机械有限公司", "浙江上虞甲机械股份有限公司"],
        "contact_phone": ["", "0575-82000000"],
    }
    assert audit.verify() is None


def test_a_bank_account_in_the_trail_is_masked_never_plain(cast):
    from skillup.accounts.admin_audit import _shown

    assert _shown({"bank_account": ["6222001234567890", "6222009876543210"]}) == {
        "bank_account": ["6222********7890", "6222********3210"]
    }
    assert _shown({"password": ["pbkdf2$x", "pbkdf2$y"]}) == {"password": ["（已隐藏）", "（已更改）"]}


def test_a_role_and_organisation_change_of_a_login_is_audited(cast, login):
    user = cast.dept
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": user.username,
        "is_active": "on",
        "role": "hr",
        "organisation": cast.hr_bureau.pk,
        "groups": [Group.objects.create(name="复核").pk],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    before = AuditEntry.objects.count()
    response = login(cast.hradmin).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rows = list(AuditEntry.objects.filter(seq__gt=before))
    changes = {k: v for r in rows for k, v in r.changes.items()}
    assert changes["role"] == ["dept", "hr"]
    assert changes["organisation"] == [cast.department.pk, cast.hr_bureau.pk]
    assert changes["groups"][0] == [] and len(changes["groups"][1]) == 1
    assert {r.action for r in rows} == {"admin.change"}


def test_a_password_set_in_the_admin_is_audited_without_the_hash(cast, login):
    user = cast.finance
    old_hash = user.password
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    before = AuditEntry.objects.count()
    response = login(cast.hradmin).post(
        url, {"password1": "Qz8!skillup-new", "password2": "Qz8!skillup-new", "usable_password": "true"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password != old_hash
    (row,) = AuditEntry.objects.filter(seq__gt=before)
    assert row.action == "admin.change" and row.changes == {"password": ["（已隐藏）", "（已更改）"]}
    assert old_hash not in str(row.changes) and user.password not in str(row.changes)


def test_admin_deletions_and_additions_are_audited(cast, login):
    client = login(cast.hradmin)
    group = Group.objects.create(name="临时组")
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Group.objects.filter(pk=group.pk).exists()
    response = client.post(reverse("admin:auth_group_add"), {"name": "新组"})
    assert response.status_code == 302
    rows = list(AuditEntry.objects.filter(seq__gt=before).values_list("action", "changes"))
    assert rows[0] == (
        "admin.delete",
        {"id": [group.pk, None], "name": ["临时组", None], "permissions": [[], None]},
    )
    assert rows[1][0] == "admin.add" and rows[1][1]["name"] == [None, "新组"]


def test_an_institution_deleted_in_the_admin_leaves_its_values_in_the_trail(cast, login):
    org = Organisation.objects.create(kind="institution", code="tmp-inst", name="临时机构")
    inst = Institution.objects.create(organisation=org, kind=Institution.Kind.SCHOOL)
    response = login(cast.hradmin).post(
        reverse("admin:registry_institution_delete", args=[inst.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    row = AuditEntry.objects.filter(action="admin.delete").get()
    assert row.changes["kind"] == ["school", None] and row.object_id == str(org.pk)


def test_people_enterprises_and_the_trail_cannot_be_written_in_the_admin(cast):
    request = _superuser_request(cast)
    from skillup.registry.models import Enterprise, Person

    for model in (Person, Enterprise, AuditEntry):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert isinstance(admin.site._registry[User], AuditedAdmin)
