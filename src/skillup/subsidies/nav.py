from skillup.accounts.roles import ALL_ROLES, Role
from skillup.core.registry import NavItem

NAV = [
    # Assessment institutions own no claims.
    NavItem("补贴申领", "claim_list", ALL_ROLES - {Role.ASSESSOR}, order=300),
    NavItem("申请补贴", "claim_apply", frozenset({Role.TRAINEE, Role.ENTERPRISE}), order=305),
    NavItem("培训班申领", "class_claims", frozenset({Role.INSTITUTION}), order=305),
]
