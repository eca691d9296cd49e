"""Demo logins: one per role (username = role code) and dept-<code> for each of the 15 departments."""

from django.conf import settings

from skillup.accounts import audit
from skillup.accounts.binding import mark_verified
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.registry.models import Organisation, OrgKind, Person

LOGINS = [
    ("hr", Role.HR, "rsj", "人社局 王科长"),
    ("hradmin", Role.HR_ADMIN, "rsj", "人社局 系统管理员"),
    ("dept", Role.DEPT, "jxj", "经信局 李科员"),
    ("finance", Role.FINANCE, "czj", "财政局 陈会计"),
    ("auditor", Role.AUDITOR, None, "第三方评估 赵审计"),
]


def _make(username, role, organisation, name, person=None):
    user = User(
        username=username,
        role=role,
        organisation=organisation,
        person=person,
        first_name=name,
        is_staff=role == Role.HR_ADMIN,
        is_superuser=role == Role.HR_ADMIN,
    )
    if person is not None:
        mark_verified(user, via=User.Verification.STAFF)  # opened by staff for that person (issue 10)
    user.set_password(settings.DEMO_PASSWORD)
    return user


def seed(ctx) -> None:
    users = []
    for username, role, code, name in LOGINS:
        org = Organisation.objects.get(code=code) if code else None
        users.append(_make(username, role, org, name))
    institution = Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("id").first()
    enterprise = Organisation.objects.filter(kind=OrgKind.ENTERPRISE).order_by("id").first()
    users.append(_make("institution", Role.INSTITUTION, institution, f"{institution.name} 教务"))
    users.append(_make("enterprise", Role.ENTERPRISE, enterprise, f"{enterprise.name} 人事"))
    trainee = Person.objects.filter(groups__contains=",employee,", pension=False).order_by("id").first()
    users.append(_make("trainee", Role.TRAINEE, None, trainee.name, person=trainee))
    for dept in Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by("id"):
        users.append(_make(f"dept-{dept.code}", Role.DEPT, dept, f"{dept.short_name} 经办人"))
    User.objects.bulk_create(users)
    audit.record(
        actor=None,
        action="demo.seed_users",
        object_type="demo",
        object_id=str(ctx.seed),
        summary=f"演示账号 {len(users)} 个",
    )
    ctx.data["logins"] = [
        (
            u.username,
            u.get_role_display(),
            u.organisation.name if u.organisation else (u.first_name if u.role == Role.TRAINEE else ""),
        )
        for u in users
    ]
