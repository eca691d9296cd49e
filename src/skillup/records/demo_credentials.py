"""Demo district, credentials part (issue 14): a verifiable credential for every certificate of the register,
one revoked with a reason (as after a confirmed fraud case), one active share link of a trainee who can
log in, and a record bundle for that trainee."""

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.records import services_credentials as svc
from skillup.records.models_credentials import IssuedCredential


def seed(ctx) -> None:
    hr = User.objects.filter(role=Role.HR).order_by("id").first()
    if hr is None:
        return
    count = svc.credentials_issue_missing(hr)
    badges = IssuedCredential.objects.filter(kind=IssuedCredential.Kind.BADGE).select_related("person")
    holder = (
        User.objects.filter(role=Role.TRAINEE, person__credentials__isnull=False)
        .order_by("id")
        .distinct()
        .first()
    )
    revoked = badges.exclude(person_id=holder.person_id).order_by("id").first() if holder else badges.first()
    if revoked is None:
        ctx.say("可验证凭证：证书库为空，未签发凭证。")
        return
    svc.credential_revoke(hr, revoked, "演示：诚信核查确认冒名参训，证书已由发证机构注销")
    line = f"可验证凭证：签发 {count} 份，撤销 1 份（{revoked.public_id}）"
    if holder is not None:
        mine = badges.filter(person_id=holder.person_id, revoked_at__isnull=True).order_by("id").first()
        if mine is not None:
            share = svc.share_create(holder, mine, days=30)
            line += f"；学员 {holder.username} 的分享链接 /credentials/s/{share.token}"
        svc.record_bundle_issue(hr, holder.person)
    ctx.say(line + "。")
