"""How the audit trail reads to a person: the one mapping of action codes to Chinese names (used by the
audit page, its filter and its .xlsx export), object types to Chinese, and changes to whole values.

An action code is stored as the service wrote it (`claim.review.hr.approved`); nothing here changes what
is recorded, only how it is shown. A code without a name is shown as "其他操作（code）" so nothing is
hidden, and `tests/accounts/test_audit_page.py` fails when a code the services write has no name.
"""

import json
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

ACTIONS: dict[str, str] = {
    "accounts.user": "用户账号",
    "api_token.create": "创建接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "attendance.qr": "扫码签到",
    "attendance.qr_refused": "扫码签到被拒",
    "attendance.record": "登记考勤",
    "binding.refuse": "拒绝账号绑定",
    "budget.set": "设定预算",
    "certificate.evidence_upload": "上传证书材料",
    "certificate.import": "导入证书",
    "certificate.register": "登记证书",
    "certificate.verify_accept": "证书核验通过",
    "certificate.verify_refuse": "证书核验不通过",
    "chief.end": "首席技师认定截止",
    "chief.file": "登记首席技师",
    "claim.apply": "提交补贴申领",
    "claim.create_for_class": "为班级生成补贴申领",
    "claim.create_for_programme": "为研修结业学员生成补贴申领",
    "claim.living_apply": "申领生活费补贴",
    "claim.reject_for_case": "核查查实退回申领",
    "claim.resubmit": "更正后重新提交申领",
    "class.approve": "批准开班",
    "class.finish": "班级结业",
    "class.reject": "驳回开班",
    "class.start": "班级开课",
    "class.submit": "提交开班申请",
    "demo.seed_integrity": "生成演示数据（诚信问题埋设）",
    "demo.seed_planning": "生成演示数据（计划）",
    "demo.seed_registry": "生成演示数据（登记）",
    "demo.seed_training": "生成演示数据（培训）",
    "demo.seed_users": "生成演示数据（用户）",
    "directory.occupation_add": "登记新工种",
    "directory.occupation_mark_replaced": "标记工种被取代",
    "employment.end": "登记离职",
    "employment.start": "登记入职",
    "enterprise.update": "修改企业信息",
    "filing.submit": "提交备案申请",
    "export.start": "导出数据",
    "fund.allocation": "资金拨付",
    "fund.recovery_raise": "登记应追回补贴",
    "fund.recovery_repay": "登记追回款到账",
    "fund.reverse": "冲销记账",
    "integrity.case_assign": "指派案件承办人",
    "integrity.case_cleared": "案件办结（排除）",
    "integrity.case_confirmed": "案件办结（查实）",
    "integrity.case_evidence": "上传案件证据",
    "integrity.case_filing_suspend": "根据案件暂停备案",
    "integrity.case_findings_add": "案件并入线索",
    "integrity.case_open": "立案核查",
    "integrity.case_step": "记录办案情况",
    "integrity.finding_clear": "排除诚信线索",
    "integrity.scan": "诚信扫描完成",
    "integrity.scan_start": "发起诚信扫描",
    "integrity.spot_assign": "分配抽查任务",
    "integrity.spot_draw": "抽取抽查班级",
    "integrity.spot_submit": "提交抽查记录",
    "organisation.bank_account": "修改单位银行账户",
    "organisation.create": "登记单位",
    "organisation.update": "修改单位信息",
    "payment.reissue": "重新支付",
    "payment_batch.create": "生成支付批次",
    "payment_batch.file": "导出支付文件",
    "payment_batch.result": "登记支付结果",
    "person.card_update": "修改社保卡信息",
    "person.group_recognise": "认定人员类别",
    "person.keys_rotate": "轮换加密密钥",
    "person.register": "登记人员",
    "person.reveal_id": "查看完整身份证号",
    "person.update_contact": "修改联系方式",
    "plan.acknowledge": "计划备案",
    "plan.return": "退回计划",
    "plan.save": "保存计划",
    "plan.submit": "报送计划",
    "planning.reminders": "发送报送提醒",
    "recognition.add": "登记资质认定",
    "recognition.end": "资质认定截止",
    "credentials.issue": "签发可验证证书凭证",
    "credentials.key_rotate": "轮换签发密钥",
    "credentials.revoke": "撤销证书凭证",
    "credentials.share_create": "创建凭证分享链接",
    "credentials.share_revoke": "撤销凭证分享链接",
    "base.place_create": "新增公共实训基地实训场所",
    "base.place_update": "修改实训场所工位数",
    "base.book": "预约公共实训基地工位",
    "base.cancel": "取消公共实训基地预约",
    "elite.round_open": "发布精英提升培训遴选",
    "elite.nominate": "推荐精英提升培训人选",
    "elite.decide": "评审精英提升培训人选",
    "elite.cohort_create": "组建精英提升培训研修班",
    "elite.members_add": "研修班编入学员",
    "elite.attendance": "登记研修出勤",
    "elite.outcomes": "登记研修结业或退出",
    "competition.create": "发布技能竞赛（岗位练兵）",
    "competition.contestants_add": "竞赛报名选手",
    "competition.scores": "录入竞赛成绩",
    "competition.publish": "公布竞赛成绩",
    "competition.claim": "申领竞赛补贴",
    "project.create": "登记培训项目",
    "project.participants_add": "新增项目参加人员",
    "project.outcomes": "登记项目人员结果",
    "project.finish": "办结培训项目",
    "article.create": "撰写宣传文章",
    "article.update": "修改宣传文章",
    "article.submit": "宣传文章提交审核",
    "article.approve": "宣传文章审核通过",
    "article.return": "退回宣传文章",
    "article.publish": "发布宣传文章",
    "article.unpublish": "撤下宣传文章",
    "rotation.record": "登记实训教师轮训",
    "rotation.confirm": "确认实训教师轮训完成",
    "rotation.cancel": "取消实训教师轮训",
    "offer.create": "起草培训超市课程",
    "offer.update": "修改培训超市课程",
    "offer.publish": "上架培训超市课程",
    "offer.close": "结束培训超市课程",
    "offer.unpublish": "下架培训超市课程",
    "offer.photo_add": "上传课程照片",
    "studio.apply": "申报技能大师工作室",
    "studio.name": "命名技能大师工作室",
    "studio.reject": "技能大师工作室未通过评审",
    "studio.report": "提交工作室年度考核材料",
    "studio.rate": "评定工作室年度考核",
    "studio.withdraw": "撤销技能大师工作室",
    "records.history_import": "导入历史培训记录",
    "records.share_create": "创建档案分享链接",
    "records.share_revoke": "撤销档案分享链接",
    "report.correct": "更正月报",
    "report.save_draft": "保存月报草稿",
    "report.submit": "报送月报",
    "results.record": "登记鉴定结果",
    "roster.import": "导入花名册",
    "session.create": "新建课次",
    "signup.check_failed": "自助注册核对失败",
    "signup.code_sent": "发送注册验证码",
    "signup.code_wrong": "注册验证码错误",
    "signup.start": "开始自助注册",
    "signup.to_officer": "转人工核实注册",
    "signup.verify_login": "注册验证登录",
    "skill_stats.set": "填报技能人才统计",
    "system.backup": "备份数据",
    "system.restore": "恢复数据",
    "subsidies.rollup_verify": "核对申领月度汇总",
    "subsidies.rollup_rebuild": "重建申领月度汇总",
    "user.signup": "自助注册账号",
    "venue.base_end": "公共实训基地认定截止",
    "venue.register": "登记培训场地",
    "whatif.draft_change": "修改测算方案",
    "whatif.draft_change_remove": "删除测算方案调整项",
    "whatif.draft_create": "新建测算方案",
    "whatif.run_start": "开始政策测算",
    # Group-buys and wishes of the training supermarket (第17条, market/services_groups.py).
    "group.start": "发起拼团",
    "group.join": "参加拼团",
    "group.book": "企业为职工订座",
    "group.leave": "退出拼团",
    "group.confirm": "确认拼团开班",
    "group.dissolve": "拼团未成团解散",
    "wish.answer": "机构响应心愿",
    "market.sms_setting": "修改短信通知设置",
    # coordination (第19条, 附件3 一)
    "meeting.record": "登记协调会议",
    "meeting.minutes": "更新会议纪要",
    "meeting_task.add": "交办会议议定事项",
    "meeting_task.complete": "报告议定事项办结",
    "meeting_task.extend": "议定事项延期",
    "meeting_task.cancel": "撤销议定事项",
    "annual_report.save_draft": "保存年报草稿",
    "annual_report.submit": "报送年报",
    "annual_report.review": "审阅年报",
    "annual_report.return": "退回年报",
}

# Codes built from parts (f-strings in the services): each part gets its own name.
_REVIEW_STEPS = {"check": "自动审核", "dept": "主管部门审核", "hr": "人社局审核", "finance": "财政局审核"}
_REVIEW_DECISIONS = {
    "approved": "通过",
    "rejected": "退回",
    "refused": "不符合条件",
    "cert_pending": "待证书核验",
    "passed": "通过",
}
_FILING = {
    "approved": "备案通过",
    "rejected": "驳回备案",
    "suspended": "暂停备案",
    "revoked": "撤销备案",
    "submitted": "提交备案申请",
}
_ADMIN = {"add": "新增", "change": "修改", "delete": "删除"}
_SIDES = {"hr": "人社局", "finance": "财政局"}

for _step, _step_name in _REVIEW_STEPS.items():
    for _decision, _decision_name in _REVIEW_DECISIONS.items():
        ACTIONS[f"claim.review.{_step}.{_decision}"] = f"补贴审核：{_step_name}{_decision_name}"
for _status, _name in _FILING.items():
    ACTIONS.setdefault(f"filing.{_status}", _name)
for _verb, _name in _ADMIN.items():
    ACTIONS[f"admin.{_verb}"] = f"系统管理：{_name}"
for _side, _name in _SIDES.items():
    ACTIONS[f"reconciliation.sign.{_side}"] = f"对账签字（{_name}）"


def action_label(code: str) -> str:
    return ACTIONS.get(code) or f"其他操作（{code}）"


def action_choices() -> list[tuple[str, str]]:
    """(code, Chinese name) for the filter, sorted by the Chinese name."""
    return sorted(ACTIONS.items(), key=lambda kv: kv[1])


def codes_named(text: str) -> list[str]:
    """The action codes whose Chinese name contains `text` (the filter's free-text search)."""
    text = text.strip()
    return [code for code, name in ACTIONS.items() if text and text in name]


# Object types the services name by hand rather than by a model.
_OBJECT_TYPES = {"backup": "备份", "planning.reminder": "报送提醒", "demo": "演示数据"}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    if object_type in _OBJECT_TYPES:
        return _OBJECT_TYPES[object_type]
    model = _model(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return object_type or "—"


def object_type_choices(types) -> list[tuple[str, str]]:
    return sorted(((t, object_type_label(t)) for t in types if t), key=lambda kv: kv[1])


def object_pk_for(object_type: str, number: str) -> str | None:
    """An object's business number (班级编号, 证书编号, 单位代码) → its primary key as stored in the trail."""
    model = _model(object_type)
    if model is None:
        return None
    for name in ("code", "number"):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        pk = model._default_manager.filter(**{name: number}).values_list("pk", flat=True).first()
        if pk is not None:
            return str(pk)
    return None


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None when the row records a value, not a change
    after: str
    is_change: bool = True


def _text(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "；".join(value) if value else "（空）"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# Names of recorded fields that are not model fields.
FIELD_NAMES = {
    "address": "来源地址",
    "amount": "金额",
    "archive": "备份文件",
    "by": "执行账户",
    "reason": "原因",
    "revoked_at": "吊销时间",
    "status": "状态",
    "count": "数量",
    "late": "逾期报送",
    "lines": "计划项目",
    "note": "说明",
    "totals": "合计",
    "refusals": "不予补贴原因",
    "people": "人数",
}


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field, value) -> str:
    if field is not None and getattr(field, "choices", None) and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return _text(value)


def changes_of(object_type: str, changes: dict) -> list[Change]:
    """Each recorded field with its Chinese name and its whole values. `{field: [before, after]}` is a
    change; any other value (a status recorded as it now is) is one value, never sliced into characters."""
    model = _model(object_type)
    rows = []
    for name, value in (changes or {}).items():
        field = _field_of(model, name)
        if field is not None and hasattr(field, "verbose_name"):
            label = str(field.verbose_name)
        else:
            label = FIELD_NAMES.get(name, name)
        if isinstance(value, list) and len(value) == 2:
            rows.append(Change(label, _shown(field, value[0]), _shown(field, value[1])))
        else:
            rows.append(Change(label, None, _shown(field, value), is_change=False))
    return rows


def changes_text(object_type: str, changes: dict) -> str:
    """The changes on one line each, for the export."""
    return "\n".join(
        f"{c.field}：{c.before} → {c.after}" if c.is_change else f"{c.field}：{c.after}"
        for c in changes_of(object_type, changes)
    )
