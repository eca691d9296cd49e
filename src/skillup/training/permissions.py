"""Who may do what to a class, a session and a binding request: one `can_<action>` verdict per action.

Each verdict has two parts, both written here once: *who* (the actor's role and organisation, enforced by
the services with `require(...)`, 403) and *when* (the class's status or the session's day; the services
answer a wrong state with 409, the pages use the whole verdict to decide whether to offer the action).
"""

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse
from skillup.training.models import TrainingClass

S = TrainingClass.Status
DECIDERS = (Role.DEPT, Role.HR, Role.HR_ADMIN)
BINDING_OFFICERS = (Role.HR, Role.HR_ADMIN)
ROSTER_OPEN = (S.SUBMITTED, S.APPROVED, S.RUNNING)
SESSIONS_OPEN = (S.APPROVED, S.RUNNING)
RESULTS_OPEN = (S.RUNNING, S.FINISHED)


def _status(klass: TrainingClass, allowed: tuple, what: str) -> Verdict:
    if klass.status in allowed:
        return ALLOWED
    return refuse(f"班级当前为“{klass.get_status_display()}”，不能{what}")


# -- who ---------------------------------------------------------------------------------------------


def is_owner(actor, klass: TrainingClass) -> Verdict:
    """The class's own institution (its staff logins)."""
    if actor.role != Role.INSTITUTION or actor.organisation_id != klass.institution_id:
        return refuse("只有本班的培训机构可以进行此操作")
    return ALLOWED


def is_decider(actor, klass: TrainingClass) -> Verdict:
    """The class's competent department (its officers; HR's when HR is the competent department)."""
    if actor.role not in DECIDERS or actor.organisation_id != klass.department_id:
        return refuse("只有该班的主管部门可以审批")
    return ALLOWED


def is_binding_officer(actor) -> Verdict:
    if actor.role not in BINDING_OFFICERS:
        return refuse("只有人社局经办人员可以核验账号绑定")
    return ALLOWED


# -- the actions ---------------------------------------------------------------------------------------


@permission
def can_submit_class(actor) -> Verdict:
    if actor.role != Role.INSTITUTION or actor.organisation_id is None:
        return refuse("只有培训机构可以提交开班申请")
    return ALLOWED


@permission
def can_decide_class(actor, klass: TrainingClass) -> Verdict:
    """Approve or reject a submitted class."""
    return is_decider(actor, klass) and _status(klass, (S.SUBMITTED,), "审批")


@permission
def can_start_class(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, (S.APPROVED,), "开班")


@permission
def can_finish_class(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, (S.RUNNING,), "结业")


@permission
def can_keep_roster(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, ROSTER_OPEN, "调整名册")


@permission
def can_schedule_session(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, SESSIONS_OPEN, "安排课次")


@permission
def can_record_attendance(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, (S.RUNNING,), "录入考勤")


@permission
def can_record_results(actor, klass: TrainingClass) -> Verdict:
    return is_owner(actor, klass) and _status(klass, RESULTS_OPEN, "录入考核结果")


@permission
def can_show_qr(actor, session) -> Verdict:
    """The classroom code of a session: the institution's, on the session's day of a running class."""
    verdict = is_owner(actor, session.klass) and _status(session.klass, (S.RUNNING,), "扫码签到")
    if verdict and session.date != today():
        return refuse(f"该课次在 {session.date:%Y-%m-%d}，当天才能打开签到二维码")
    return verdict


@permission
def can_check_in(actor, session=None) -> Verdict:
    """A QR check-in: the trainee's own login only (the rest is checked when the code is scanned)."""
    if actor.role != Role.TRAINEE or actor.person_id is None:
        return refuse("扫码签到只能由学员本人使用学员账号完成")
    return ALLOWED


@permission
def can_decide_binding(actor, req=None) -> Verdict:
    verdict = is_binding_officer(actor)
    if verdict and req is not None:
        from skillup.training.models import BindingRequest

        if req.status != BindingRequest.Status.PENDING:
            return refuse("该申请已处理")
    return verdict


# -- public training bases (第16条) -------------------------------------------------------------------


@permission
def can_keep_base_places(actor) -> Verdict:
    """HR records the places of the district's public training bases and their capacity."""
    if actor.role not in (Role.HR, Role.HR_ADMIN):
        return refuse("只有人社局可以维护公共实训基地的实训场所")
    return ALLOWED


@permission
def can_book_bases(actor) -> Verdict:
    """Training institutions book places of the public bases for their own classes' practical sessions."""
    if actor.role != Role.INSTITUTION:
        return refuse("只有培训机构可以为本机构的实操课次预约公共实训基地")
    return ALLOWED


@permission
def can_book_base(actor, session) -> Verdict:
    """The class's institution books a place for a practical session of an approved or running class."""
    verdict = is_owner(actor, session.klass)
    if not verdict.allowed:
        return verdict
    if not session.practical:
        return refuse("只有实操课次可以预约公共实训基地")
    return _status(
        session.klass, (TrainingClass.Status.APPROVED, TrainingClass.Status.RUNNING), "预约实训工位"
    )


@permission
def can_cancel_booking(actor, booking) -> Verdict:
    """The booking institution (or HR) cancels a live booking before the session's day."""
    if actor.role not in (Role.HR, Role.HR_ADMIN) and not is_owner(actor, booking.session.klass).allowed:
        return refuse("只有预约的培训机构或人社局可以取消预约")
    if booking.status != "confirmed":
        return refuse("该预约已取消")
    if booking.date <= today():
        return refuse("课次当天及以后不能取消预约")
    return ALLOWED
