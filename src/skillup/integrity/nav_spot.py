"""Menu entries of the spot checks and institution credit (collected by integrity/nav.py)."""

from skillup.accounts.roles import Role
from skillup.core.registry import NavItem

HR = frozenset({Role.HR, Role.HR_ADMIN})

NAV = [
    NavItem("抽查评估", "spot:draws", HR, order=61),
    NavItem("机构诚信", "spot:credits", HR, order=62),
    NavItem("我的抽查", "spot:mine", frozenset({Role.AUDITOR}), order=61),
    NavItem("本机构诚信记录", "spot:credit_mine", frozenset({Role.INSTITUTION}), order=62),
]
