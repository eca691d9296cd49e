"""Pages of the fund: payment batches, balances and budgets, the journal, monthly reconciliation."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, roles_required
from skillup.core.xlsx import build_workbook, csv_response, xlsx_response
from skillup.fund import payments, reconcile, selectors, services
from skillup.fund.budgets import used_by_department_year
from skillup.fund.forms import AllocationForm, BudgetForm, ResultUploadForm
from skillup.fund.models import JournalEntry
from skillup.registry.search import search_redirect, search_term
from skillup.subsidies.selectors import claims_visible_to

READERS = (Role.FINANCE, Role.HR, Role.HR_ADMIN, Role.AUDITOR)


def _error(request, exc):
    messages.error(request, str(exc))


@roles_required(*READERS)
def batch_list(request):
    qs = selectors.batches_visible_to(request.user).select_related("created_by")
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    if request.GET.get("format") == "xlsx":
        rows = ([b.code, b.date, b.get_status_display(), b.count, b.total] for b in qs)
        return xlsx_response(
            "支付批次.xlsx",
            build_workbook(
                title="支付批次",
                headers=["批次号", "日期", "状态", "笔数", "金额（元）"],
                rows=rows,
                money_columns=[4],
                total_columns=[3, 4],
            ),
        )
    return render(request, "fund/batch_list.html", {"page_obj": paginate(request, qs), "status": status})


@require_POST
@roles_required(Role.FINANCE)
def batch_create(request):
    ids = list(
        claims_visible_to(request.user)
        .filter(pk__in=[i for i in request.POST.getlist("ids") if i.isdigit()])
        .values_list("id", flat=True)
    )
    try:
        batch = payments.payment_batch_create(actor=request.user, claim_ids=ids)
    except (RuleViolation, StateConflict) as exc:
        _error(request, exc)
        return redirect(request.POST.get("next") or "claim_list")
    messages.success(
        request,
        f"已生成支付批次 {batch.code}：{batch.count} 笔，{batch.total:,.2f} 元。请下载支付文件交市民卡中心/银行。",
    )
    return redirect("batch_detail", pk=batch.pk)


@require_POST
@roles_required(Role.FINANCE)
def payment_reissue(request):
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    try:
        n = payments.payment_reissue(actor=request.user, claim_ids=ids)
    except StateConflict as exc:
        _error(request, exc)
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
    lines = selectors.with_corrections(list(selectors.failed_payments_visible_to(request.user)))
    corrected, kind, q = (request.GET.get(k, "").strip() for k in ("corrected", "kind", "q"))
    if corrected in ("yes", "no"):
        lines = [line for line in lines if line.corrected == (corrected == "yes")]
    if kind:
        lines = [line for line in lines if line.claim.payee_kind == kind]
    if term.id_hash:
        lines = [line for line in lines if line.claim.person and line.claim.person.id_hash == term.id_hash]
    elif q:
        lines = [line for line in lines if q in line.payee_name or q in line.key or q == str(line.claim_id)]
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                line.claim_id,
                line.payee_name,
                line.claim.person.id_masked if line.claim.person else "",
                line.payee_account_display,
                line.amount,
                line.resolved_on,
                line.reason,
                "已更正" if line.corrected else "未更正",
                line.current_display,
            ]
            for line in lines
        )
        return xlsx_response(
            "支付失败.xlsx",
            build_workbook(
                title="支付失败待重新发放",
                headers=[
                    "申领编号",
                    "收款方",
                    "身份证号",
                    "失败时账号",
                    "金额（元）",
                    "回盘日期",
                    "失败原因",
                    "失败后是否更正",
                    "当前账号",
                ],
                rows=rows,
                money_columns=[4],
                total_columns=[4],
            ),
        )
    return render(
        request,
        "fund/failed_list.html",
        {
            "page_obj": paginate(request, lines, per_page=100),
            "filters": {"corrected": corrected, "kind": kind, "q": q},
            "search": term,
            "kinds": [("person", "个人（市民卡）"), ("institution", "培训机构"), ("enterprise", "企业")],
            "is_finance": request.user.role == Role.FINANCE,
            "may_correct": request.user.role in (Role.HR, Role.HR_ADMIN),
        },
    )


@roles_required(*READERS)
def batch_detail(request, pk: int):
    batch = get_object_or_404(selectors.batches_visible_to(request.user).select_related("created_by"), pk=pk)
    form = ResultUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.user.role != Role.FINANCE:
            raise NotAllowed()
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = payments.payment_result_import(
                    actor=request.user, batch=batch, data=upload.read(), filename=upload.name
                )
            except RuleViolation as exc:
                for e in exc.errors[:20]:
                    messages.error(request, str(e))
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
            "form": form if request.user.role == Role.FINANCE else None,
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
        except (RuleViolation, StateConflict) as exc:
            _error(request, exc)
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
            "budget_form": budget_form if request.user.role in (Role.HR, Role.HR_ADMIN) else None,
            "allocation_form": allocation_form if request.user.role == Role.FINANCE else None,
        },
    )


@roles_required(*READERS)
def journal(request):
    qs = (
        selectors.journal_visible_to(request.user)
        .select_related("created_by")
        .prefetch_related("lines__department")
    )
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "fund/journal.html",
        {
            "page_obj": paginate(request, qs.order_by("-date", "-id")),
            "kinds": JournalEntry.Kind.choices,
            "kind": kind,
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
        except StateConflict as exc:
            _error(request, exc)
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
            "may_sign": request.user.role in (Role.HR, Role.HR_ADMIN, Role.FINANCE),
        },
    )
