"""Who may do what with group-buys (拼团) and wishes (第17条): one `can_<action>` verdict per action, for the
pages, the templates and the API alike.

Each verdict is two parts: who the actor is (`*_role`, checked by the service first: refused is 403) and
the group's state (`group_joinable` …: checked again by the service on the row it holds locked, refused is
409, because the state may have changed since the page was drawn).
"""

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)
JOINABLE = ("open", "reached")


def trainee_role(actor) -> Verdict:
    if actor.role != Role.TRAINEE or not actor.person_id:
        return refuse("只有已绑定本人身份的学员可以发起或参加拼团；企业请使用“为职工订座”")
    return ALLOWED


def booking_role(actor) -> Verdict:
    if actor.role != Role.ENTERPRISE or not actor.organisation_id:
        return refuse("只有企业可以为职工订座")
    return ALLOWED


def leaving_role(actor) -> Verdict:
    if actor.role == Role.ENTERPRISE and actor.organisation_id:
        return ALLOWED
    if actor.role == Role.TRAINEE and actor.person_id:
        return ALLOWED
    return refuse("只有参团学员或代订企业可以退出拼团")


def answering_role(actor) -> Verdict:
    if actor.role != Role.INSTITUTION or not actor.organisation_id:
        return refuse("只有培训机构可以响应心愿")
    return ALLOWED


def confirming_role(actor, group) -> Verdict:
    if (
        actor.role != Role.INSTITUTION
        or group.offer is None
        or actor.organisation_id != group.offer.institution_id
    ):
        return refuse("只有开课机构可以确认开班")
    return ALLOWED


def group_joinable(group) -> Verdict:
    if group.status not in JOINABLE:
        return refuse(f"该拼团{group.get_status_display()}，不能再参团")
    if group.deadline < today():
        return refuse(f"该拼团已于 {group.deadline:%Y-%m-%d} 截止")
    if group.joined >= group.seats:
        return refuse("该拼团名额已满")
    return ALLOWED


def group_leavable(group) -> Verdict:
    if group.status not in JOINABLE:
        return refuse(f"该拼团{group.get_status_display()}，不能再退出")
    if group.deadline < today():
        return refuse(f"该拼团已于 {group.deadline:%Y-%m-%d} 截止，不能再退出")
    return ALLOWED


def wish_answerable(group) -> Verdict:
    if not group.is_wish:
        return refuse("该心愿已有机构响应")
    if group.status not in JOINABLE or group.deadline < today():
        return refuse(f"该心愿{group.get_status_display()}，不能再响应")
    return ALLOWED


def group_confirmable(group) -> Verdict:
    if group.status != "reached":
        return refuse(f"该拼团{group.get_status_display()}，只有已成团的拼团可以确认开班")
    return ALLOWED


def _both(first: Verdict, second) -> Verdict:
    return first if not first else second()


@permission
def can_start_group(actor) -> Verdict:
    """A trainee starts a group for an offer or makes a wish, for themself."""
    return trainee_role(actor)


@permission
def can_join_group(actor, group) -> Verdict:
    """A trainee joins an open group before its deadline while seats are left."""
    return _both(trainee_role(actor), lambda: group_joinable(group))


@permission
def can_book_group(actor, group) -> Verdict:
    """An enterprise books seats for its staff in a group (企业代订), like joining."""
    return _both(booking_role(actor), lambda: group_joinable(group))


@permission
def can_leave_group(actor, group) -> Verdict:
    """A member leaves (or an enterprise cancels its bookings) before the deadline, until confirmed."""
    return _both(leaving_role(actor), lambda: group_leavable(group))


@permission
def can_answer_wish(actor, group) -> Verdict:
    """An institution answers an open wish with one of its offers."""
    return _both(answering_role(actor), lambda: wish_answerable(group))


@permission
def can_confirm_group(actor, group) -> Verdict:
    """The offer's institution confirms a group that reached its minimum: the class is submitted."""
    return _both(confirming_role(actor, group), lambda: group_confirmable(group))


@permission
def can_see_demand(actor) -> Verdict:
    """Institutions and HR (and the read-only officers) see the demand board: where training is missing."""
    if actor.role in (*HR_ROLES, Role.INSTITUTION, Role.AUDITOR, Role.DEPT):
        return ALLOWED
    return refuse("只有培训机构和人社部门可以查看培训需求")
