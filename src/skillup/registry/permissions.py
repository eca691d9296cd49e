"""Who may do what in the registry (people, organisations, facts, filings): one `can_<action>` per action.
The services `require` these verdicts; pages and templates show the same verdicts (`{% can %}`)."""

from skillup.accounts.binding import binding_verified
from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse
from skillup.registry.models import OrgKind

HR_ROLES = (Role.HR, Role.HR_ADMIN)
# The roles with a need for full identity numbers (the trainee reads their own, once proven).
REVEALERS = (Role.HR, Role.HR_ADMIN, Role.FINANCE)
RECORDERS = (Role.HR, Role.HR_ADMIN, Role.DEPT)
PAYEE_ORG_KINDS = (OrgKind.INSTITUTION, OrgKind.ENTERPRISE)
APPLICANTS = (Role.INSTITUTION, Role.ASSESSOR)


@permission
def can_reveal_id(actor, person) -> Verdict:
    """The roles with a need for full numbers, and the trainee themself — once their login is proven to be
    theirs (issue 10 item 1: a login that merely claimed the person must not read the number)."""
    if actor.role in REVEALERS:
        return ALLOWED
    if actor.role == Role.TRAINEE and actor.person_id == person.pk:
        if binding_verified(actor):
            return ALLOWED
        return refuse("请先完成本人核验（“我的培训”页），再查看完整身份证号")
    return refuse("该角色不能查看完整身份证号")


@permission
def can_change_card(actor, person) -> Verdict:
    """The trainee on their own 我的信息 page once the login is proven theirs, or an HR officer."""
    if actor.role == Role.TRAINEE and actor.person_id == person.pk and binding_verified(actor):
        return ALLOWED
    if actor.role in HR_ROLES:
        return ALLOWED
    return refuse("只有本人或人社局经办人员可以更正市民卡号")


@permission
def can_change_bank_account(actor, organisation) -> Verdict:
    """HR for any institution or enterprise; an institution's or enterprise's staff for their own."""
    if organisation.kind not in PAYEE_ORG_KINDS:
        return refuse("只有培训机构和企业登记收款银行账号")
    if actor.role in HR_ROLES:
        return ALLOWED
    if actor.role in (Role.INSTITUTION, Role.ENTERPRISE) and actor.organisation_id == organisation.pk:
        return ALLOWED
    return refuse("只有人社局或本单位经办人员可以变更本单位的银行账号")


@permission
def can_register_person(actor) -> Verdict:
    if actor.role in HR_ROLES:
        return ALLOWED
    return refuse("只有人社局可以登记人员")


@permission
def can_record_recognition(actor, person=None) -> Verdict:
    """A dated recognition of a person in a target group (认定)."""
    if actor.role in RECORDERS:
        return ALLOWED
    return refuse("只有人社局或主管部门可以登记人员类别认定")


@permission
def can_edit_enterprise(actor, enterprise=None) -> Verdict:
    if actor.role in HR_ROLES:
        return ALLOWED
    return refuse("只有人社局可以修改企业信息")


@permission
def can_keep_facts(actor) -> Verdict:
    """Enterprise qualifications, chief technicians and training venues are kept by HR."""
    if actor is not None and actor.role in HR_ROLES:
        return ALLOWED
    return refuse("只有人社局可以维护企业资格、首席技师备案和培训场地")


@permission
def can_employ(actor, enterprise=None) -> Verdict:
    """Record or end an employment: HR, or the enterprise for its own staff (`enterprise=None`: for some
    enterprise, as on the list page where an enterprise sees only its own)."""
    if actor.role in HR_ROLES:
        return ALLOWED
    if actor.role == Role.ENTERPRISE and (enterprise is None or actor.organisation_id == enterprise.pk):
        return ALLOWED
    return refuse("只有本企业或人社局可以维护劳动关系")


@permission
def can_apply_filing(actor, institution=None) -> Verdict:
    """An institution or assessment institution applies for itself; HR registers a new institution with
    its application."""
    if actor.role in HR_ROLES:
        return ALLOWED
    if actor.role in APPLICANTS:
        if institution is not None and actor.organisation_id != institution.pk:
            return refuse("只能为本机构申请备案")
        return ALLOWED
    return refuse("只有培训机构、评价机构或人社局可以申请备案")


@permission
def can_decide_filing(actor, filing=None) -> Verdict:
    if actor.role in HR_ROLES:
        return ALLOWED
    return refuse("只有人社局可以审核机构备案")
