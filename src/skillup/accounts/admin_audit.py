"""Every write through /admin/ goes into the tamper-evident trail, with old and new values (issue 10 item 7).

`AuditedAdmin` is the one place: every writable ModelAdmin of the site is built on it (ours by subclassing
`AuditedModelAdmin`, Django's and django-axes' by `audit_registered`), and tests/accounts/test_admin_audit.py
walks the admin registry and fails for any admin that can add, change or delete without it. An admin that
should not write at all says so with `has_*_permission` (the registry's people, enterprises, the trail).

What is recorded: `admin.add` / `admin.change` / `admin.delete` rows, `changes = {field: [old, new]}` for
the concrete fields that changed and for many-to-many fields (ids). Secrets (password hashes, ciphertext,
look-up hashes, token digests) are recorded only as changed; payee accounts masked as everywhere else
(`registry.payees.mask`). Money and identity fields the services own (bank account, citizen card, identity
number) are not editable in the admin in the first place.
"""

from django.contrib import admin
from django.db import transaction

from skillup.accounts import audit
from skillup.registry import payees

SECRET_FIELDS = {"password", "id_cipher", "id_hash", "digest"}
MASKED_FIELDS = {"bank_account", "citizen_card"}
HIDDEN, CHANGED = "（已隐藏）", "（已更改）"
# The hooks Django's admin writes through; a subclass must not override them (the registry test checks).
HOOKS = (
    "save_model",
    "save_related",
    "delete_model",
    "delete_queryset",
    "log_addition",
    "log_change",
    "get_object",
)


def _key(obj) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk))


def snapshot(obj) -> dict:
    """The stored values of an object: concrete fields by attname, many-to-many as sorted ids."""
    values = {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            values[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return values


def _shown(changes: dict) -> dict:
    shown = {}
    for name, (old, new) in changes.items():
        if name in SECRET_FIELDS:
            shown[name] = [HIDDEN if old else "", CHANGED]
        elif name in MASKED_FIELDS:
            shown[name] = [payees.mask(old or ""), payees.mask(new or "")]
        else:
            shown[name] = [old, new]
    return shown


class AuditedAdmin:
    """Mixin for a ModelAdmin: put it first among the bases."""

    def _audit(self, request, obj, action: str, changes: dict, verb: str) -> None:
        done = request.__dict__.setdefault("_skillup_admin_audited", set())
        done.add(_key(obj))
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action=f"admin.{action}",
                obj=obj,
                changes=_shown(changes),
                summary=f"系统管理：{verb}{obj._meta.verbose_name} {obj}"[:300],
            )

    def _before(self, request, obj) -> dict:
        stash = request.__dict__.get("_skillup_admin_before", {})
        if _key(obj) in stash:
            return stash[_key(obj)]
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        return snapshot(fresh) if fresh is not None else {}

    def get_object(self, request, object_id, from_field=None):
        # The stored values before the form touches them, for views that save outside save_model
        # (the password form of the user admin).
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request.__dict__.setdefault("_skillup_admin_before", {})[_key(obj)] = snapshot(obj)
        return obj

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = self._before(request, obj) if change else {}
            super().save_model(request, obj, form, change)
            after = snapshot(obj)
            concrete = [f.name for f in obj._meta.concrete_fields]
            if change:
                changes = audit.diff({k: before.get(k) for k in concrete}, {k: after[k] for k in concrete})
            else:
                changes = {k: [None, after[k]] for k in concrete if after[k] not in (None, "")}
            if changes or not change:
                self._audit(
                    request, obj, "change" if change else "add", changes, "修改" if change else "新增"
                )
            # save_related compares many-to-many fields against their values before this save.
            m2m = {f.name: before.get(f.name, []) for f in obj._meta.many_to_many}
            request.__dict__.setdefault("_skillup_admin_before", {})[_key(obj)] = after | m2m

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            obj = form.instance
            before = request.__dict__.get("_skillup_admin_before", {}).get(_key(obj), {})
            super().save_related(request, form, formsets, change)
            after = snapshot(obj)
            m2m = [f.name for f in obj._meta.many_to_many]
            changes = audit.diff({k: before.get(k, []) for k in m2m}, {k: after[k] for k in m2m})
            if changes:
                self._audit(request, obj, "change", changes, "修改关联的")

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit(request, obj, "delete", {k: [v, None] for k, v in snapshot(obj).items()}, "删除")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "delete", {k: [v, None] for k, v in snapshot(obj).items()}, "删除")
            super().delete_queryset(request, queryset)

    # Every admin write is logged by Django; one that did not come through the hooks above (a custom
    # view such as the password form) is audited here, against the values get_object saw.
    def _unaudited(self, request, obj) -> bool:
        return _key(obj) not in request.__dict__.get("_skillup_admin_audited", set())

    def log_addition(self, request, obj, message):
        if self._unaudited(request, obj):
            self._audit(request, obj, "add", {k: [None, v] for k, v in snapshot(obj).items()}, "新增")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        changes = (
            audit.diff(self._before(request, obj), snapshot(obj)) if self._unaudited(request, obj) else {}
        )
        if changes:
            self._audit(request, obj, "change", changes, "修改")
        return super().log_change(request, obj, message)

    # Deletions are audited in delete_model / delete_queryset, which every admin deletion goes through.


class AuditedModelAdmin(AuditedAdmin, admin.ModelAdmin):
    pass


def audit_registered(site: admin.AdminSite, *models) -> None:
    """Put AuditedAdmin in front of the admins other packages registered (Django's groups, django-axes).
    Their own bulk actions are dropped: they write with queryset calls no hook sees (axes' clean-up of
    expired attempts is also `skillup axes_reset`)."""
    for model in models:
        if model not in site._registry:
            continue
        current = type(site._registry[model])
        if issubclass(current, AuditedAdmin):
            continue
        site.unregister(model)
        site.register(model, type(f"Audited{current.__name__}", (AuditedAdmin, current), {"actions": ()}))
