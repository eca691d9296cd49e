"""The officer-verified binding (issue 10 item 1): when a person has no phone on record, or has lost it,
their signup waits in HR's queue. The officer sees the ID card in person, types its number (which must be
the number of the request: proof the card was in hand) and approves, or refuses with a reason."""

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.registry import crypto
from skillup.registry.validators import validate_id_number
from skillup.training import signup
from skillup.training.models import BindingRequest
from skillup.training.permissions import is_binding_officer

R = BindingRequest


def binding_approve(*, actor: User, req: BindingRequest, id_number: str) -> User:
    require(is_binding_officer(actor))
    if req.status != R.Status.PENDING or req.method != R.Method.OFFICER:
        raise StateConflict("该申请不在等待窗口核验的状态")
    try:
        number = validate_id_number(id_number)
    except ValueError as exc:
        raise RuleViolation(str(exc), field="id_number") from None
    if crypto.lookup_hash(number) != req.id_hash:
        raise RuleViolation("所录身份证号与申请不一致，请核对本人身份证原件", field="id_number")
    return signup.complete(req=req, via=User.Verification.OFFICER, actor=actor)


def binding_refuse(*, actor: User, req: BindingRequest, reason: str) -> BindingRequest:
    require(is_binding_officer(actor))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写拒绝原因", field="reason")
    with transaction.atomic():
        req = R.objects.select_for_update().get(pk=req.pk)
        if req.status != R.Status.PENDING:
            raise StateConflict("该申请已处理")
        req.status = R.Status.REFUSED
        req.reason = reason[:300]
        req.password = ""
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.save(update_fields=["status", "reason", "password", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="binding.refuse",
            obj=req,
            changes={"status": [R.Status.PENDING, R.Status.REFUSED]},
            summary=f"拒绝 {req.name}（{req.id_masked}）的账号绑定：{req.reason}",
        )
    return req
