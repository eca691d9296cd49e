"""Who may do what with integrity runs and findings (core/permissions.py): the one place each rule lives.

HR runs the programme and the third-party evaluator (the auditor role, 第二十一条) checks it: both read
every finding and may clear one with a reason. Nobody clears a finding they raised themselves (an
evaluator's own spot-check finding is cleared by someone else), and a finding under a case is settled
by the case's outcome, not one by one.
"""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse
from skillup.integrity.models import Finding

READERS = frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR})
CLEARERS = READERS


@permission
def can_run_scan(actor) -> Verdict:
    if getattr(actor, "role", None) not in (Role.HR, Role.HR_ADMIN):
        return refuse("只有人社局可以发起诚信扫描")
    return ALLOWED


@permission
def can_read_findings(actor) -> Verdict:
    if getattr(actor, "role", None) not in READERS:
        return refuse("只有人社局和第三方评估（审计）人员可以查看诚信线索")
    return ALLOWED


@permission
def can_clear_finding(actor, finding: Finding) -> Verdict:
    if getattr(actor, "role", None) not in CLEARERS:
        return refuse("只有人社局或第三方评估（审计）人员可以排除线索")
    if finding.status != Finding.Status.OPEN:
        return refuse(f"该线索状态为「{finding.get_status_display()}」，无需排除")
    if finding.raised_by_id is not None and finding.raised_by_id == actor.pk:
        return refuse("该线索由您本人提出，须由他人核实后排除")
    return ALLOWED


# Spot checks (第二十一条) and institution credit. HR draws and assigns; the third-party evaluator (auditor
# role) fills in the form of a class assigned to them, and only theirs. Credit is read by HR and by the
# institution itself.

DRAWERS = frozenset({Role.HR, Role.HR_ADMIN})


@permission
def can_draw_spot_checks(actor) -> Verdict:
    if getattr(actor, "role", None) not in DRAWERS:
        return refuse("只有人社局可以抽取抽查班级")
    return ALLOWED


@permission
def can_assign_spot_check(actor, item) -> Verdict:
    if getattr(actor, "role", None) not in DRAWERS:
        return refuse("只有人社局可以分配抽查任务")
    if item.status != item.Status.PENDING:
        return refuse(f"班级 {item.klass.code} 已完成抽查，不能再分配")
    return ALLOWED


@permission
def can_submit_spot_check(actor, item) -> Verdict:
    if getattr(actor, "role", None) != Role.AUDITOR:
        return refuse("抽查记录由第三方评估人员填写")
    if item.auditor_id != actor.pk:
        return refuse("该班级的抽查未分配给您")
    if item.status != item.Status.PENDING:
        return refuse("该班级的抽查记录已提交，不能修改")
    return ALLOWED


@permission
def can_read_credit(actor, institution) -> Verdict:
    role = getattr(actor, "role", None)
    if role in DRAWERS:
        return ALLOWED
    if role == Role.INSTITUTION and institution is not None and actor.organisation_id == institution.pk:
        return ALLOWED
    return refuse("只有人社局和机构本身可以查看机构诚信记录")
