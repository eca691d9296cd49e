"""Who may do what in the programmes (issue 15): one `can_<action>` verdict per action, called from the
services, the views, the templates and the API alike."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)
HOST_ROLES = (Role.ENTERPRISE, Role.INSTITUTION)


@permission
def can_apply_studio(actor) -> Verdict:
    """An enterprise or a training institution applies for a studio of its own (第18条)."""
    if actor.role not in HOST_ROLES or not actor.organisation_id:
        return refuse("只有企业或培训机构可以申报技能大师工作室")
    return ALLOWED


@permission
def can_decide_studio(actor, studio) -> Verdict:
    """HR evaluates an application: names the studio or turns it down."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以评审技能大师工作室")
    if studio.status != "applied":
        return refuse(f"该工作室{studio.get_status_display()}，不能再评审")
    return ALLOWED


@permission
def can_report_studio(actor, studio) -> Verdict:
    """The host of a named studio submits its yearly report."""
    if actor.role not in HOST_ROLES or actor.organisation_id != studio.host_id:
        return refuse("只有依托单位可以提交工作室年度考核材料")
    if studio.status != "named":
        return refuse(f"该工作室{studio.get_status_display()}，不能提交年度考核材料")
    return ALLOWED


@permission
def can_rate_review(actor, review) -> Verdict:
    """HR rates a yearly report once."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以评定考核等次")
    if review.rating:
        return refuse("该年度考核已评定")
    return ALLOWED


@permission
def can_withdraw_studio(actor, studio) -> Verdict:
    """HR withdraws a named studio's title, with a reason."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以撤销技能大师工作室")
    if studio.status != "named":
        return refuse(f"该工作室{studio.get_status_display()}，不能撤销")
    return ALLOWED


@permission
def can_record_rotation(actor) -> Verdict:
    """An institution records its teachers' rotations (第16条); HR records any."""
    if actor.role in HR_ROLES or (actor.role == Role.INSTITUTION and actor.organisation_id):
        return ALLOWED
    return refuse("只有培训机构或人社局可以登记实训教师轮训")


@permission
def can_confirm_rotation(actor, rotation) -> Verdict:
    """HR confirms a rotation was completed, once it has ended."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以确认轮训完成")
    if rotation.status != "planned":
        return refuse(f"该轮训{rotation.get_status_display()}")
    from skillup.core.clock import today

    if rotation.end_date > today():
        return refuse(f"轮训 {rotation.end_date:%Y-%m-%d} 结束后才能确认完成")
    return ALLOWED


@permission
def can_cancel_rotation(actor, rotation) -> Verdict:
    if actor.role not in HR_ROLES and not (
        actor.role == Role.INSTITUTION and actor.organisation_id == rotation.institution_id
    ):
        return refuse("只有该院校或人社局可以取消轮训")
    if rotation.status != "planned":
        return refuse(f"该轮训{rotation.get_status_display()}，不能取消")
    return ALLOWED


def _owns_project(actor, department_id) -> bool:
    return actor.role in HR_ROLES or (actor.role == Role.DEPT and actor.organisation_id == department_id)


@permission
def can_record_project(actor) -> Verdict:
    """A department records its own programmes (第4、5条); HR records any department's."""
    if actor.role in HR_ROLES or (actor.role == Role.DEPT and actor.organisation_id):
        return ALLOWED
    return refuse("只有主管部门或人社局可以登记培训项目")


@permission
def can_keep_project(actor, project) -> Verdict:
    """The programme's department (or HR) adds participants and outcomes while it runs."""
    if not _owns_project(actor, project.department_id):
        return refuse("只有该项目的责任部门或人社局可以维护")
    if project.status != "running":
        return refuse("项目已结束，不能再修改")
    return ALLOWED


# The elite programme (第8条): HR runs the selection; enterprises and departments nominate; the partner
# institution keeps its cohort's attendance and outcomes with HR.
NOMINATORS = (Role.ENTERPRISE, Role.DEPT)


@permission
def can_open_elite_round(actor) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以发布精英提升培训遴选")
    return ALLOWED


@permission
def can_nominate_elite(actor, elite_round) -> Verdict:
    """An enterprise nominates its own employees, a department the people of its sector, within the window."""
    if actor.role not in NOMINATORS or not actor.organisation_id:
        return refuse("只有企业或主管部门可以推荐精英提升培训人选")
    from skillup.core.clock import today

    stage = elite_round.stage(today())
    if stage != "推荐中":
        window = f"{elite_round.nominate_from:%Y-%m-%d} 至 {elite_round.nominate_to:%Y-%m-%d}"
        return refuse(f"{elite_round}{stage}，推荐时间为 {window}")
    return ALLOWED


@permission
def can_decide_elite(actor, elite_round) -> Verdict:
    """HR shortlists, approves (within the quota) or turns down nominations."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以评审精英提升培训人选")
    return ALLOWED


@permission
def can_form_elite_cohort(actor, elite_round) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以组建研修班")
    return ALLOWED


@permission
def can_keep_elite_cohort(actor, cohort) -> Verdict:
    """Attendance and outcomes: the partner institution of the cohort, or HR."""
    if actor.role in HR_ROLES or (
        actor.role == Role.INSTITUTION and actor.organisation_id == cohort.institution_id
    ):
        return ALLOWED
    return refuse("只有该研修班的承训机构或人社局可以登记出勤和结业")


# Publicity (第21条): HR officers write cases, the honour roll and news; a second HR officer (or the
# administrator) reviews — never the author — before anything is published.
EDITABLE_ARTICLE = ("draft", "returned", "unpublished")


@permission
def can_write_article(actor) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以撰写宣传文章")
    return ALLOWED


@permission
def can_edit_article(actor, article) -> Verdict:
    """The author edits a draft, a returned article or one taken down (it then goes through review again)."""
    if actor.role not in HR_ROLES or actor.pk != article.author_id:
        return refuse("只有撰稿人可以修改文章")
    if article.status not in EDITABLE_ARTICLE:
        return refuse(f"文章{article.get_status_display()}，不能修改")
    return ALLOWED


@permission
def can_submit_article(actor, article) -> Verdict:
    if actor.role not in HR_ROLES or actor.pk != article.author_id:
        return refuse("只有撰稿人可以提交审核")
    if article.status not in EDITABLE_ARTICLE:
        return refuse(f"文章{article.get_status_display()}，不能提交审核")
    return ALLOWED


@permission
def can_review_article(actor, article) -> Verdict:
    """Four eyes: a second HR officer approves or returns; the author never reviews their own article."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以审核宣传文章")
    if actor.pk == article.author_id:
        return refuse("撰稿人不能审核自己的文章，请由另一位人社局工作人员审核")
    if article.status != "submitted":
        return refuse(f"文章{article.get_status_display()}，不在待审核状态")
    return ALLOWED


@permission
def can_publish_article(actor, article) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以发布宣传文章")
    if article.status != "approved":
        return refuse(f"文章{article.get_status_display()}，审核通过后才能发布")
    return ALLOWED


@permission
def can_unpublish_article(actor, article) -> Verdict:
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以撤下宣传文章")
    if article.status != "published":
        return refuse(f"文章{article.get_status_display()}，不能撤下")
    return ALLOWED


# Competitions (第12条): an enterprise runs drills for its own employees; HR or a competent department runs
# district competitions. The organiser keeps its event (contestants, scores, publication, the claim).
DRILL_ORGANISERS = (Role.ENTERPRISE,)
DISTRICT_ORGANISERS = (*HR_ROLES, Role.DEPT)


@permission
def can_create_competition(actor, kind: str = "") -> Verdict:
    if kind == "drill" and actor.role not in DRILL_ORGANISERS:
        return refuse("企业岗位练兵由企业自行组织申报")
    if kind == "district" and actor.role not in DISTRICT_ORGANISERS:
        return refuse("区级技能竞赛由人社局或主管部门组织")
    if actor.role not in (*DRILL_ORGANISERS, *DISTRICT_ORGANISERS) or not actor.organisation_id:
        return refuse("只有企业（岗位练兵）或人社局、主管部门（区级竞赛）可以组织竞赛")
    return ALLOWED


def _organiser(actor, event) -> bool:
    if actor.organisation_id and actor.organisation_id == event.organiser_id:
        return True
    # Every HR officer keeps the bureau's own competitions.
    return actor.role in HR_ROLES and event.organiser.kind == "hr"


@permission
def can_keep_competition(actor, event) -> Verdict:
    """Register contestants and record scores: the organiser, before the results are published."""
    if not _organiser(actor, event):
        return refuse("只有该竞赛的主办单位可以登记报名和成绩")
    if event.status == "published":
        return refuse("成绩已公布，不能再修改报名和成绩")
    return ALLOWED


@permission
def can_publish_competition(actor, event) -> Verdict:
    if not _organiser(actor, event):
        return refuse("只有该竞赛的主办单位可以公布成绩")
    if event.status == "published":
        return refuse("成绩已公布")
    from skillup.core.clock import today

    if today() < event.held_on:
        return refuse(f"竞赛于 {event.held_on:%Y-%m-%d} 举行，举行后才能公布成绩")
    return ALLOWED


@permission
def can_claim_competition(actor, event) -> Verdict:
    """The event's subsidy (第12条), once the results are published (the service makes one per event)."""
    if not _organiser(actor, event):
        return refuse("只有该竞赛的主办单位可以申领竞赛补贴")
    if event.status != "published":
        return refuse("成绩公布后才能申领竞赛补贴")
    return ALLOWED
