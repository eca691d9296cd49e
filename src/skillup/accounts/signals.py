"""The one place that notices a password change (issue 10 item 9): whatever changed the stored hash —
the password-change page, the admin, `changepassword`, a password reset, `set_password()` in any
service — the user's API tokens are revoked once the new hash is saved. A hasher upgrade on login
re-hashes the same password and is not a change (User.check_password marks it).

`QuerySet.update(password=...)` sends no signal; nothing in SkillUp writes passwords that way."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from skillup.accounts.models import User
from skillup.accounts.services import api_tokens_revoke_on_password_change


@receiver(pre_save, sender=User, dispatch_uid="accounts.password_hash_changed")
def _note_password_change(sender, instance: User, raw=False, update_fields=None, **kwargs):
    rehash = instance.__dict__.pop("_password_rehash", False)
    instance._password_changed = False
    if raw or rehash or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_password_change")
def _revoke_tokens_on_password_change(sender, instance: User, raw=False, **kwargs):
    if instance.__dict__.pop("_password_changed", False) and not raw:
        api_tokens_revoke_on_password_change(user=instance)
