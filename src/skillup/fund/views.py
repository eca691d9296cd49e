"""Pages of the fund: payment batches, balances and budgets, the journal, monthly reconciliation."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import SERVICE_ERRORS
from skillup.core.permissions import require
from skillup.core.web import paginate, roles_required, show_error
from skillup.core.xlsx import build_workbook, csv_response, xlsx_response
from skillup.exports.views import export_response
from skillup.fund import payments, reconcile, recovery, selectors, services
from skillup.fund.budgets import used_by_department_year
from skillup.fund.forms import AllocationForm, BudgetForm, RepaymentForm, ResultUploadForm
from skillup.fund.models import JournalEntry
from skillup.fund.permissions import (
    can_correct_payee,
    can_create_batch,
    can_import_result,
    can_record_allocation,
    can_record_repayment,
    can_reissue,
    can_set_budget,
    can_sign_reconciliation,
)
from skillup.registry.search import search_redirect, search_term
from skillup.subsidies.models import Claim
from skillup.subsidies.permissions import held
from skillup.subsidies.selectors import claims_filtered, claims_visible_to, count_and_total
from skillup.subsidies.views import _confirmed, _export_params, confirm_page

READERS = (Role.FINANCE, Role.HR, Role.HR_ADMIN, Role.AUDITOR)


@roles_required(*READERS)
def batch_list(request):
    qs = selectors.batches_filtered(request.user, request.GET)
    status = request.GET.get("status", "")
    if request.GET.get("format") == "xlsx":
        return export_response(request, "fund.batches")
    return render(request, "fund/batch_list.html", {"page_obj": paginate(request, qs), "status": status})


@require_POST
@roles_required(Role.FINANCE)
def batch_create(request):
    """A payment batch of the ticked claims, or of every claim waiting for payment that matches the list's
    filters ("全部 N 笔", across pages). A confirmation with the count and total comes first; the batch
    takes all of them or none."""
    require(can_create_batch(request.user))
    back = request.POST.get("next") or reverse("claim_list")
    if request.POST.get("all_filtered"):
        term = search_term(request, data=request.POST)
        chosen = claims_filtered(request.user, request.POST, id_hash=term.id_hash).filter(
            status=Claim.Status.FINANCE_APPROVED
        )
    else:
        chosen = claims_visible_to(request.user).filter(
            pk__in=[int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        )
    # Claims whose money is held (integrity findings) are left out; the confirmation names them.
    holds = held(chosen.select_related(None).only("id", "klass_id", "person_id"))
    n, total = count_and_total(chosen.exclude(pk__in=list(holds)))
    if not n and not holds:
        messages.warning(request, "请先勾选待支付的申领。")
        return redirect(back)
    if not n:
        messages.error(request, f"所选 {len(holds)} 笔申领均暂缓支付，未生成支付批次。")
        for why in list(holds.values())[:10]:
            messages.info(request, why)
        return redirect(back)
    if not _confirmed(request, n):
        return confirm_page(
            request,
            title="确认生成支付批次",
            action=reverse("batch_create"),
            count=n,
            total=total,
            what="用以下申领生成支付批次",
            back=back,
            left_out=sorted(holds.items()),
        )
    try:
        batch = payments.payment_batch_create(
            actor=request.user, claim_ids=list(chosen.values_list("id", flat=True))
        )
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
        return redirect(back)
    messages.success(
        request,
        f"已生成支付批次 {batch.code}：{batch.count} 笔，{batch.total:,.2f} 元。请下载支付文件交市民卡中心/银行。",
    )
    if batch.left_out:
        messages.warning(request, f"{len(batch.left_out)} 笔申领暂缓支付，未加入本批次：")
        for _, why in batch.left_out[:10]:
            messages.info(request, why)
    return redirect("batch_detail", pk=batch.pk)


@require_POST
@roles_required(Role.FINANCE)
def payment_reissue(request):
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    try:
        n = payments.payment_reissue(actor=request.user, claim_ids=ids)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            f"{n} 笔支付失败的申领已退回待支付，按收款方当前的市民卡或银行账号，可加入新的支付批次（新的支付键）。",
        )
    return redirect(request.POST.get("next") or "failed_payments")


@roles_required(*READERS)
def failed_payments(request):
    """Failed payments awaiting reissue, with whether the payee's card or account was corrected since."""
    if response := search_redirect(request):
        return response
    term = search_term(request)
    lines = selectors.failed_payments_filtered(request.user, request.GET, id_hash=term.id_hash)
    corrected, kind, q = (request.GET.get(k, "").strip() for k in ("corrected", "kind", "q"))
    if request.GET.get("format") == "xlsx":
        return export_response(request, "fund.failed_payments", _export_params(request, term))
    return render(
        request,
        "fund/failed_list.html",
        {
            "page_obj": paginate(request, lines, per_page=100),
            "filters": {"corrected": corrected, "kind": kind, "q": q},
            "search": term,
            "kinds": [("person", "个人（市民卡）"), ("institution", "培训机构"), ("enterprise", "企业")],
            "is_finance": bool(can_reissue(request.user)),
            "correct": can_correct_payee(request.user),
        },
    )


@roles_required(*READERS)
def batch_detail(request, pk: int):
    batch = get_object_or_404(selectors.batches_visible_to(request.user).select_related("created_by"), pk=pk)
    form = ResultUploadForm(request.POST or None, request.FILES or None)
    importing = can_import_result(request.user, batch)
    if request.method == "POST":
        require(importing)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = payments.payment_result_import(
                    actor=request.user, batch=batch, data=upload.read(), filename=upload.name
                )
            except SERVICE_ERRORS as exc:
                show_error(request, exc)
                messages.error(request, "回盘文件未导入（整份拒收），请核对后重新上传。")
            else:
                messages.success(
                    request,
                    f"回盘已导入：成功 {summary['paid']} 笔，失败 {summary['failed']} 笔，"
                    f"已处理过未变 {summary['unchanged']} 笔。",
                )
                for c in summary["conflicts"][:10]:
                    messages.warning(request, c)
            return redirect("batch_detail", pk=pk)
    return render(
        request,
        "fund/batch_detail.html",
        {
            "batch": batch,
            "page_obj": paginate(request, selectors.payment_lines(batch), per_page=100),
            "imports": batch.imports.select_related("imported_by"),
            "form": form if importing else None,
        },
    )


@roles_required(Role.FINANCE)
def batch_file(request, pk: int):
    batch = get_object_or_404(selectors.batches_visible_to(request.user), pk=pk)
    content = payments.disbursement_file(actor=request.user, batch=batch)
    return csv_response(f"{batch.code}.csv", content)


@roles_required(*READERS)
def fund_overview(request):
    on = _date(request.GET.get("on")) or today()
    budget_form = BudgetForm(request.POST if request.POST.get("form") == "budget" else None)
    allocation_form = AllocationForm(request.POST if request.POST.get("form") == "allocation" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "budget" and budget_form.is_valid():
                services.budget_set(actor=request.user, source="hr", **budget_form.cleaned_data)
                messages.success(request, "部门年度预算已保存。")
                return redirect("fund_overview")
            if request.POST.get("form") == "allocation" and allocation_form.is_valid():
                services.allocation_post(actor=request.user, **allocation_form.cleaned_data)
                messages.success(request, "专项资金拨入已记账。")
                return redirect("fund_overview")
        except SERVICE_ERRORS as exc:
            show_error(request, exc, budget_form if request.POST.get("form") == "budget" else allocation_form)
    budgets = list(selectors.budgets_visible_to(request.user).filter(year=on.year).order_by("department__id"))
    used = used_by_department_year({(b.department_id, b.year) for b in budgets})
    for b in budgets:
        b.used = used.get((b.department_id, b.year))
        b.remaining = b.amount - b.used
    return render(
        request,
        "fund/overview.html",
        {
            "on": on,
            "books": selectors.balances(on=on),
            "by_department": selectors.balances_by_department(on=on),
            "budgets": budgets,
            "budget_form": budget_form if can_set_budget(request.user) else None,
            "allocation_form": allocation_form if can_record_allocation(request.user) else None,
        },
    )


@roles_required(*READERS)
def journal(request):
    qs = selectors.journal_filtered(request.user, request.GET)
    kind = request.GET.get("kind", "")
    if request.GET.get("format") == "xlsx":
        return export_response(request, "fund.journal")
    return render(
        request,
        "fund/journal.html",
        {
            "page_obj": paginate(request, qs),
            "kinds": JournalEntry.Kind.choices,
            "kind": kind,
            "filters": {k: request.GET.get(k, "") for k in ("kind", "from", "to")},
        },
    )


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _month(value):
    try:
        return dt.date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None


@roles_required(*READERS)
def reconciliation(request):
    default = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month = _month(request.GET.get("month") or request.POST.get("month")) or default
    if request.method == "POST":
        try:
            rec = services.reconciliation_sign(actor=request.user, month=month)
        except SERVICE_ERRORS as exc:
            show_error(request, exc)
        else:
            messages.success(
                request, f"{month:%Y年%m月}对账已签字{'，该月已封账' if rec.frozen else '，待另一方签字'}。"
            )
        return redirect(f"{reverse('reconciliation')}?month={month:%Y-%m}")
    report = reconcile.month_report(month)
    if request.GET.get("format") == "xlsx":
        rows = (
            [d.claim_id, d.cause_zh, d.approved, d.paid, d.journal_paid, d.detail] for d in report.differences
        )
        content = build_workbook(
            title=f"{month:%Y年%m月}对账差异",
            headers=["申领编号", "原因", "审核金额", "回盘支付", "记账支付", "说明"],
            rows=rows,
            money_columns=[2, 3, 4],
            subtitle=f"审核通过 {report.approved_count} 笔 {report.approved_amount} 元；支付成功 {report.paid_count} 笔 "
            f"{report.paid_amount} 元；记账支付 {report.journal_payments} 元",
        )
        return xlsx_response(f"{month:%Y-%m}对账差异.xlsx", content)
    signed = selectors.reconciliations_visible_to(request.user).select_related(
        "hr_signed_by", "finance_signed_by"
    )
    return render(
        request,
        "fund/reconciliation.html",
        {
            "month": month,
            "report": report,
            "signed": signed,
            "current": signed.filter(month=month).first(),
            "sign": can_sign_reconciliation(request.user, month),
        },
    )


@roles_required(*READERS)
def receivables(request):
    """Recovery receivables (1201 应收追回补贴): paid subsidies a confirmed case found fraudulent, what was
    paid back and what is still owed; Finance records money as it arrives."""
    if request.GET.get("format") == "xlsx":
        return export_response(request, "fund.receivables")
    rows = selectors.receivables_filtered(request.user, request.GET)
    return render(
        request,
        "fund/receivables.html",
        {
            "page_obj": paginate(request, rows, per_page=100),
            "filters": {k: request.GET.get(k, "") for k in ("state", "department")},
            "owed": sum((c.balance for c in rows), 0),
            "repay": can_record_repayment(request.user),
            "form": RepaymentForm(),
        },
    )


@require_POST
@roles_required(Role.FINANCE)
def repayment(request, claim_pk: int):
    claim = get_object_or_404(claims_visible_to(request.user), pk=claim_pk)
    form = RepaymentForm(request.POST)
    back = request.POST.get("next") or reverse("fund_receivables")
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(back)
    try:
        recovery.recovery_repay(actor=request.user, claim=claim, **form.cleaned_data)
    except SERVICE_ERRORS as exc:
        show_error(request, exc)
    else:
        messages.success(request, f"申领 #{claim.pk} 追回款 {form.cleaned_data['amount']} 元已登记到账。")
    return redirect(back)
