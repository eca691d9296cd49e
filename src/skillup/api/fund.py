"""Payment batches and the fund in the API (API.md)."""

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from skillup.api.types import Id
from skillup.core.errors import RuleViolation
from skillup.core.permissions import require
from skillup.core.xlsx import csv_response
from skillup.fund import payments, selectors
from skillup.fund.permissions import can_create_batch, can_read_fund

router = Router(tags=["支付与专项资金"])


class BatchIn(Schema):
    claim_ids: list[Id]


class LeftOut(Schema):
    id: int
    message: str


class BatchOut(Schema):
    id: int
    code: str
    status: str
    count: int
    total: str
    # Claims asked for but left out because their money is held (integrity findings), with the reason.
    left_out: list[LeftOut] = []


class ResultOut(Schema):
    paid: int
    failed: int
    unchanged: int
    conflicts: list[str]


class AccountOut(Schema):
    code: str
    name: str
    balance: str


class BalanceOut(Schema):
    accounts: list[AccountOut]
    total_debits: str
    total_credits: str


def _batch_out(batch) -> dict:
    return {
        "id": batch.pk,
        "code": batch.code,
        "status": batch.status,
        "count": batch.count,
        "total": f"{batch.total:.2f}",
    }


def _finance_batch(request, batch_id: Id):
    require(can_create_batch(request.user))
    return get_object_or_404(selectors.batches_visible_to(request.user), pk=batch_id)


@router.post("/payment-batches", response={201: BatchOut}, summary="生成支付批次")
def batch_create(request, body: BatchIn):
    batch = payments.payment_batch_create(actor=request.user, claim_ids=body.claim_ids)
    left_out = [{"id": pk, "message": why} for pk, why in batch.left_out]
    return Status(201, _batch_out(batch) | {"left_out": left_out})


@router.get("/payment-batches/{int:batch_id}", response=BatchOut, summary="支付批次")
def batch_detail(request, batch_id: Id):
    return _batch_out(get_object_or_404(selectors.batches_visible_to(request.user), pk=batch_id))


@router.get("/payment-batches/{int:batch_id}/file", summary="下载支付文件（CSV）")
def batch_file(request, batch_id: Id):
    batch = _finance_batch(request, batch_id)
    content = payments.disbursement_file(actor=request.user, batch=batch, bom=False)
    return csv_response(f"{batch.code}.csv", content)


@router.post("/payment-batches/{int:batch_id}/result", response=ResultOut, summary="导入回盘文件（CSV）")
def batch_result(request, batch_id: Id, file: UploadedFile = File(None)):  # noqa: B008 (ninja idiom)
    batch = _finance_batch(request, batch_id)
    if file is None:
        raise RuleViolation("请上传回盘文件（CSV，首行 key,status,reason）", field="file")
    if file.size > 20 * 1024 * 1024:
        raise RuleViolation("回盘文件过大（最大 20MB）", field="file")
    return payments.payment_result_import(
        actor=request.user, batch=batch, data=file.read(), filename=file.name or ""
    )


@router.get("/fund/balance", response=BalanceOut, summary="专项资金科目余额")
def fund_balance(request):
    require(can_read_fund(request.user))
    data = selectors.balances()
    return {
        "accounts": [
            {"code": a["code"], "name": a["name"], "balance": f"{a['balance']:.2f}"} for a in data["accounts"]
        ],
        "total_debits": f"{data['total_debits']:.2f}",
        "total_credits": f"{data['total_credits']:.2f}",
    }
