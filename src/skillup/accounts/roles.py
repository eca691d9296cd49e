"""The roles of DESIGN.md. A user has exactly one role; staff roles belong to exactly one organisation."""

from django.db import models


class Role(models.TextChoices):
    HR = "hr", "人社局经办人员"
    HR_ADMIN = "hradmin", "人社局管理员"
    DEPT = "dept", "主管部门经办人员"
    FINANCE = "finance", "财政局经办人员"
    INSTITUTION = "institution", "培训机构人员"
    ENTERPRISE = "enterprise", "企业人员"
    TRAINEE = "trainee", "学员"
    AUDITOR = "auditor", "审计/第三方评估人员"
    ASSESSOR = "assessor", "评价机构人员"


# The organisation kind each staff role must belong to; trainees and auditors belong to none.
ROLE_ORGANISATION_KIND = {
    Role.HR: "hr",
    Role.HR_ADMIN: "hr",
    Role.DEPT: "department",
    Role.FINANCE: "finance",
    Role.INSTITUTION: "institution",
    Role.ENTERPRISE: "enterprise",
    Role.ASSESSOR: "assessor",
}

# Roles that see the whole district (read scope); their write rights are decided by each service.
DISTRICT_WIDE = frozenset({Role.HR, Role.HR_ADMIN, Role.FINANCE, Role.AUDITOR})
ALL_ROLES = frozenset(Role)
OFFICERS = frozenset({Role.HR, Role.HR_ADMIN, Role.DEPT, Role.FINANCE, Role.AUDITOR})
