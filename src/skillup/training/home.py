from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.registry.models import Filing
from skillup.training import selectors
from skillup.training.models import TrainingClass


def todo(user) -> list[Todo]:
    items = []
    S = TrainingClass.Status
    if user.role in (Role.DEPT, Role.HR, Role.HR_ADMIN) and user.organisation_id:
        n = TrainingClass.objects.filter(status=S.SUBMITTED, department_id=user.organisation_id).count()
        if n:
            items.append(
                Todo(
                    "待审批的开班申请",
                    count=n,
                    url=reverse("training_approvals"),
                    hint="核对班级计划后批准或驳回（写明原因）",
                    level="warning",
                )
            )
    if user.role in (Role.HR, Role.HR_ADMIN):
        n = selectors.bindings_waiting_for(user).count()
        if n:
            items.append(
                Todo(
                    "待窗口核验的学员账号",
                    count=n,
                    url=reverse("training_binding_queue"),
                    hint="核对本人及身份证原件后录入证件号码通过，或写明原因拒绝",
                    level="warning",
                )
            )
        n = Filing.objects.filter(status=Filing.Status.SUBMITTED).count()
        if n:
            items.append(
                Todo(
                    "待审核的机构备案",
                    count=n,
                    url=reverse("filing_list") + "?status=submitted",
                    hint="批准时填写有效期，驳回须写明原因",
                    level="warning",
                )
            )
    if user.role == Role.INSTITUTION and user.organisation_id:
        mine = TrainingClass.objects.filter(institution_id=user.organisation_id)
        running = mine.filter(status=S.RUNNING).count()
        if running:
            items.append(
                Todo(
                    "培训中的班级",
                    count=running,
                    url=reverse("training_class_list") + "?status=running",
                    hint="每次课在教室屏幕上打开签到二维码",
                )
            )
        rejected = mine.filter(status=S.REJECTED).count()
        if rejected:
            items.append(
                Todo(
                    "被驳回的开班申请",
                    count=rejected,
                    url=reverse("training_class_list") + "?status=rejected",
                    hint="查看驳回原因，修改后重新提交",
                    level="danger",
                )
            )
    if user.role == Role.TRAINEE and user.person_id:
        n = TrainingClass.objects.filter(status=S.RUNNING, enrolments__person_id=user.person_id).count()
        if n:
            items.append(
                Todo(
                    "正在参加的培训",
                    count=n,
                    url=reverse("training_my_classes"),
                    hint="上课时扫描教室屏幕上的二维码签到",
                )
            )
    return items
