"""Who may do what with integrity runs and findings (core/permissions.py): the one place each rule lives.

HR runs the programme and the third-party evaluator (the auditor role, 第二十一条) checks it: both read
every finding and may clear one with a reason. Nobody clears a finding they raised themselves (an
evaluator's own spot-check finding is cleared by someone else), and a finding under a case is settled
by the case's outcome, not one by one.
"""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse
from skillup.integrity.models import Case, Finding

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
    case = finding.cases.filter(status=Case.Status.OPEN).only("code").first()
    if case is not None:
        return refuse(f"该线索已并入核查案件 {case.code}，由案件结论一并处理")
    return ALLOWED


# Cases (issue 11 item 4). HR opens, assigns and decides them; the assignee (an HR officer or a
# third-party evaluator) records the steps. Who may read a case at all is the selector's scope
# (selectors_cases.cases_visible_to); these rules say what a reader may do with it.
HR_ROLES = frozenset({Role.HR, Role.HR_ADMIN})
ASSIGNABLE = frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR})
# Roles that read a case's working file (notes, interviews, on-site checks, evidence). The institution
# concerned reads its case's findings and outcome, not the investigators' working file.
CASE_FILE_READERS = frozenset({Role.HR, Role.HR_ADMIN, Role.AUDITOR, Role.FINANCE, Role.DEPT})


def _is_hr(actor) -> bool:
    return getattr(actor, "role", None) in HR_ROLES


def _open(case: Case) -> Verdict:
    if case.status != Case.Status.OPEN:
        return refuse(f"案件 {case.code} 已办结，不能再修改")
    return ALLOWED


@permission
def can_open_case(actor) -> Verdict:
    return ALLOWED if _is_hr(actor) else refuse("只有人社局可以立案核查")


@permission
def can_open_case_from(actor, finding: Finding) -> Verdict:
    """A case may be opened from this finding (the finding page's button): HR, the finding undecided
    and not already in an open case."""
    verdict = can_open_case(actor)
    if not verdict:
        return verdict
    if finding.status not in (Finding.Status.OPEN, Finding.Status.LAPSED):
        return refuse(f"该线索已「{finding.get_status_display()}」")
    case = finding.cases.filter(status=Case.Status.OPEN).only("code").first()
    if case is not None:
        return refuse(f"该线索已在调查中的案件 {case.code} 里")
    return ALLOWED


@permission
def can_read_case_file(actor, case: Case) -> Verdict:
    if getattr(actor, "role", None) in CASE_FILE_READERS:
        return ALLOWED
    return refuse("案件的调查记录和证据材料仅供办案部门查看")


@permission
def can_assign_case(actor, case: Case) -> Verdict:
    if not _is_hr(actor):
        return refuse("案件由人社局指派承办人")
    return _open(case)


@permission
def can_add_case_findings(actor, case: Case) -> Verdict:
    if not _is_hr(actor):
        return refuse("只有人社局可以把线索并入案件")
    return _open(case)


@permission
def can_work_case(actor, case: Case) -> Verdict:
    """Records a step (note, interview, on-site check) or uploads evidence: HR, or the assignee."""
    if not (_is_hr(actor) or (case.assignee_id is not None and case.assignee_id == actor.pk)):
        return refuse("只有人社局或本案承办人可以记录办案情况")
    return _open(case)


@permission
def can_confirm_case(actor, case: Case) -> Verdict:
    """Confirms the case: its claims are rejected, paid money becomes a receivable (HR decides)."""
    if not _is_hr(actor):
        return refuse("案件结论由人社局作出")
    return _open(case)


@permission
def can_clear_case(actor, case: Case) -> Verdict:
    """Clears the case, releasing the money it held: four eyes — not by its assignee (who investigated)
    nor by whoever raised one of its findings."""
    verdict = can_confirm_case(actor, case)
    if not verdict:
        return verdict
    if case.assignee_id is not None and case.assignee_id == actor.pk:
        return refuse("您是本案承办人：排除结论须由另一名人社局人员作出（不相容职务分离）")
    if case.findings.filter(raised_by_id=actor.pk).exists():
        return refuse("案件中有您本人提出的线索：排除结论须由他人作出")
    return ALLOWED


@permission
def can_suspend_filing_for_case(actor, case: Case) -> Verdict:
    if not _is_hr(actor):
        return refuse("机构备案由人社局暂停")
    if case.outcome != Case.Outcome.CONFIRMED:
        return refuse("只有查实的案件可以据以暂停机构备案")
    if case.institution_id is None:
        return refuse("本案不涉及培训机构")
    if case.filing_suspended:
        return refuse("已根据本案暂停该机构备案")
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
