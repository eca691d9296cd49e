"""Cases (issue 11 item 4): HR opens a case from findings, assigns it, records its steps, and decides it.
Confirmed: unpaid claims rejected, paid money a balanced recovery receivable, repayments recorded, the
filing suspendable. Cleared: the findings cleared and the money free again — by someone other than the
assignee. Nothing is deleted, every step is audited."""

import datetime as dt
from decimal import Decimal

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.fund import accounts, reconcile, selectors
from skillup.fund.models import JournalEntry
from skillup.fund.recovery import recovery_repay
from skillup.integrity import services, services_cases
from skillup.integrity.models import Case, CaseEvent, Finding
from skillup.registry.models import Filing
from skillup.subsidies import review
from skillup.subsidies.models import Claim
from skillup.subsidies.permissions import can_resubmit_claim
from tests.factories import InstitutionFactory
from tests.fund.books import assert_books_balance
from tests.integrity.support import finding
from tests.subsidies.factories import advance, claims_for_class, finished_class, paid_batch

pytestmark = pytest.mark.django_db
S = Claim.Status
K = CaseEvent.Kind


def _open(cast, *findings, assignee=None, title="众鑫培训学校虚假培训核查"):
    return services_cases.case_open(actor=cast.hr, findings=list(findings), title=title, assignee=assignee)


def test_hr_opens_a_numbered_case_from_findings_of_one_institution(cast):
    claims = claims_for_class(cast, people=2)
    f1 = finding(klass=claims[0].klass)
    f2 = finding(claim=claims[1], signal="shared_payee")
    case = _open(cast, f1, f2, assignee=cast.auditor)
    assert case.code == "HC20210001" and case.status == Case.Status.OPEN
    assert (case.institution, case.department, case.assignee) == (
        cast.institution_org,
        cast.department,
        cast.auditor,
    )
    assert set(case.findings.all()) == {f1, f2}
    assert [e.kind for e in case.events.all()] == [K.OPENED, K.ASSIGNED]
    assert AuditEntry.objects.filter(action="integrity.case_open", object_id=str(case.pk)).exists()
    assert _open(cast, finding(klass=claims_for_class(cast, people=1)[0].klass)).code == "HC20210002"


@pytest.mark.parametrize("who", ["finance", "auditor", "dept", "institution", "trainee"])
def test_only_hr_opens_a_case(cast, who):
    f = finding(klass=claims_for_class(cast, people=1)[0].klass)
    with pytest.raises(NotAllowed, match="只有人社局"):
        services_cases.case_open(actor=getattr(cast, who), findings=[f], title="核查")
    assert not Case.objects.exists()


def test_a_case_names_one_institution_and_takes_undecided_findings_once(cast):
    mine = finding(klass=claims_for_class(cast, people=1)[0].klass)
    theirs = finding(klass=finished_class(cast, people=1, institution=cast.other_institution_org))
    with pytest.raises(RuleViolation, match="多个培训机构"):
        _open(cast, mine, theirs)
    cleared = finding(klass=mine.klass, signal="backfilled", status=Finding.Status.CLEARED)
    with pytest.raises(RuleViolation, match="已「已排除」"):
        _open(cast, cleared)
    case = _open(cast, mine)
    with pytest.raises(RuleViolation, match=f"已在调查中的案件 {case.code}"):
        _open(cast, mine)
    with pytest.raises(RuleViolation, match="请至少选择一条线索"):
        _open(cast)
    assert Case.objects.count() == 1


def test_person_findings_join_a_case_and_the_institution_follows_a_class_finding(cast):
    claims = claims_for_class(cast, people=2)
    case = _open(cast, finding(person=claims[0].person, signal="serial_trainee"))
    assert case.institution is None
    services_cases.case_findings_add(actor=cast.hr, case=case, findings=[finding(klass=claims[0].klass)])
    case.refresh_from_db()
    assert case.institution == cast.institution_org and case.findings.count() == 2
    assert case.events.filter(kind=K.FINDING_ADDED).exists()


def test_hr_assigns_and_reassigns_to_an_officer_or_evaluator_only(cast):
    case = _open(cast, finding(klass=claims_for_class(cast, people=1)[0].klass))
    services_cases.case_assign(actor=cast.hr, case=case, assignee=cast.auditor)
    services_cases.case_assign(actor=cast.hr, case=case, assignee=cast.hradmin)
    case.refresh_from_db()
    assert case.assignee == cast.hradmin
    assert [e.summary for e in case.events.filter(kind=K.ASSIGNED)] == [
        f"指派承办人：{cast.auditor.display_name}",
        f"改派承办人：{cast.hradmin.display_name}",
    ]
    with pytest.raises(RuleViolation, match="承办人应为"):
        services_cases.case_assign(actor=cast.hr, case=case, assignee=cast.institution)
    with pytest.raises(NotAllowed):
        services_cases.case_assign(actor=cast.auditor, case=case, assignee=cast.auditor)


def test_the_assignee_records_interviews_and_on_site_checks_others_may_not(cast):
    case = _open(cast, finding(klass=claims_for_class(cast, people=1)[0].klass), assignee=cast.auditor)
    event = services_cases.case_step_record(
        actor=cast.auditor,
        case=case,
        kind=K.INTERVIEW,
        data={"mode": "电话核实", "who": "学员王某", "on": "2021-06-10", "said": "本人未参加过该培训班"},
    )
    assert event.details == {
        "mode": "电话核实",
        "who": "学员王某",
        "on": "2021-06-10",
        "said": "本人未参加过该培训班",
    }
    services_cases.case_step_record(
        actor=cast.hr,
        case=case,
        kind=K.ONSITE,
        data={"place": "上虞区实训基地 3 楼", "on": dt.date(2021, 6, 11), "seen": "教室空置，无签到设备"},
    )
    with pytest.raises(RuleViolation) as exc:
        services_cases.case_step_record(actor=cast.hr, case=case, kind=K.INTERVIEW, data={"on": "2021-07-01"})
    fields = {e.field for e in exc.value.errors}
    assert fields == {"mode", "who", "on", "said"} and all(e.label for e in exc.value.errors)
    with pytest.raises(NotAllowed, match="承办人"):
        services_cases.case_step_record(actor=cast.finance, case=case, kind=K.NOTE, data={"text": "看看"})
    assert case.events.filter(kind__in=[K.INTERVIEW, K.ONSITE]).count() == 2


def test_a_cleared_case_clears_its_findings_and_releases_the_money(cast):
    claims = advance(cast, claims_for_class(cast, people=2), to="hr_approved")
    f = finding(klass=claims[0].klass)
    case = _open(cast, f, assignee=cast.hr)
    with pytest.raises(NotAllowed, match="承办人"):
        services_cases.case_close(actor=cast.hr, case=case, outcome="cleared", reason="现场核查培训真实")
    # A finding under a case is settled by the case, not one by one.
    with pytest.raises(NotAllowed, match=case.code):
        services.finding_clear(actor=cast.auditor, finding=f, reason="单独排除试试")
    case = services_cases.case_close(
        actor=cast.hradmin, case=case, outcome="cleared", reason="现场核查培训真实"
    )
    assert (case.status, case.outcome, case.closed_by) == (Case.Status.CLOSED, "cleared", cast.hradmin)
    f.refresh_from_db()
    assert f.status == Finding.Status.CLEARED and f.cleared_by == cast.hradmin
    assert f.clear_reason == f"核查案件 {case.code} 排除：现场核查培训真实"
    summary = review.claims_review_bulk(
        actor=cast.finance, claim_ids=[c.pk for c in claims], decision="approve"
    )
    assert len(summary.approved) == 2 and not summary.held
    with pytest.raises(NotAllowed, match="已办结"):
        services_cases.case_step_record(actor=cast.hr, case=case, kind=K.NOTE, data={"text": "补记"})


def test_the_raiser_of_a_finding_does_not_clear_its_case(cast):
    f = finding(
        klass=claims_for_class(cast, people=1)[0].klass,
        signal="spot_check",
        source=Finding.Source.SPOT_CHECK,
        raised_by=cast.hradmin,
    )
    case = _open(cast, f, assignee=cast.auditor)
    with pytest.raises(NotAllowed, match="您本人提出"):
        services_cases.case_close(actor=cast.hradmin, case=case, outcome="cleared", reason="复核无问题")
    assert services_cases.case_close(actor=cast.hr, case=case, outcome="cleared", reason="复核无问题").outcome


def _confirmed_world(cast):
    """A class with five claims: two paid, one finance-approved, one at HR, one already refused."""
    claims = claims_for_class(cast, people=5)
    paid = advance(cast, claims[:2])
    paid_batch(cast, paid)
    approved = advance(cast, claims[2:3])
    at_hr = advance(cast, claims[3:4], to="dept_approved")
    Claim.objects.filter(pk=claims[4].pk).update(status=S.REFUSED)
    return claims[0].klass, paid, approved[0], at_hr[0], claims[4]


def test_a_confirmed_case_rejects_unpaid_claims_and_makes_paid_ones_balanced_receivables(cast):
    klass, paid, approved, at_hr, refused = _confirmed_world(cast)
    f = finding(klass=klass)
    case = _open(cast, f, assignee=cast.auditor)
    case = services_cases.case_close(
        actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训，签到代刷"
    )
    f.refresh_from_db()
    assert f.status == Finding.Status.CONFIRMED
    statuses = dict(Claim.objects.filter(klass=klass).values_list("pk", "status"))
    assert statuses == {
        paid[0].pk: S.PAID,
        paid[1].pk: S.PAID,
        approved.pk: S.REJECTED,
        at_hr.pk: S.REJECTED,
        refused.pk: S.REFUSED,
    }
    # The finance-approved claim's commitment is released: nothing of it is payable any more.
    release = JournalEntry.objects.get(kind=JournalEntry.Kind.RELEASE, claim=approved)
    assert release.total == approved.amount and case.code in release.memo
    payable = next(a for a in selectors.balances()["accounts"] if a["code"] == accounts.PAYABLE)
    assert payable["balance"] == Decimal("0.00")
    # One receivable per paid claim: Dr 1201 / Cr 5001, with its department and claim, balanced.
    for claim in paid:
        entry = JournalEntry.objects.get(kind=JournalEntry.Kind.RECOVERY, claim=claim)
        lines = {(ln.account, ln.debit, ln.credit, ln.department_id, ln.claim_id) for ln in entry.lines.all()}
        assert lines == {
            (accounts.RECEIVABLE, claim.amount, Decimal("0"), cast.department.pk, claim.pk),
            (accounts.EXPENSE, Decimal("0"), claim.amount, cast.department.pk, claim.pk),
        }
        assert case.code in entry.memo
    assert_books_balance()
    owed = selectors.receivables_of([c.pk for c in paid])
    assert {v["balance"] for v in owed.values()} == {paid[0].amount}
    outcome = case.events.get(kind=K.OUTCOME)
    assert sorted(outcome.details["rejected"]) == sorted([approved.pk, at_hr.pk])
    assert case.events.filter(kind=K.RECOVERY).exists()
    assert AuditEntry.objects.filter(action="claim.reject_for_case").count() == 2
    assert AuditEntry.objects.filter(action="fund.recovery_raise").count() == 2
    # A case-rejected claim cannot be resubmitted; a later claim on the class stays held.
    at_hr.refresh_from_db()
    assert not can_resubmit_claim(cast.institution, at_hr)


def test_finance_records_repayments_in_parts_never_more_than_owed(cast):
    klass, paid, *_ = _confirmed_world(cast)
    case = _open(cast, finding(klass=klass))
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训，签到代刷")
    claim = paid[0]
    with pytest.raises(NotAllowed, match="财政局"):
        recovery_repay(actor=cast.hr, claim=claim, amount="100")
    recovery_repay(actor=cast.finance, claim=claim, amount="1000.00", memo="机构退回第一笔")
    with pytest.raises(RuleViolation, match="超过尚欠的 2,500.00 元"):
        recovery_repay(actor=cast.finance, claim=claim, amount="2500.01")
    with pytest.raises(RuleViolation, match="大于0"):
        recovery_repay(actor=cast.finance, claim=claim, amount="abc")
    entry = recovery_repay(actor=cast.finance, claim=claim, amount="2500.00")
    assert {(ln.account, ln.debit > 0) for ln in entry.lines.all()} == {
        (accounts.BANK, True),
        (accounts.RECEIVABLE, False),
    }
    assert selectors.receivables_of([claim.pk])[claim.pk] == {
        "raised": Decimal("3500.00"),
        "repaid": Decimal("3500.00"),
        "balance": Decimal("0.00"),
    }
    with pytest.raises(StateConflict, match="没有待追回"):
        recovery_repay(actor=cast.finance, claim=claim, amount="1")
    with pytest.raises(StateConflict, match="没有待追回"):
        recovery_repay(actor=cast.finance, claim=at_least_one_unpaid(klass), amount="1")
    assert_books_balance()
    dept = next(r for r in selectors.balances_by_department() if r["department"] == cast.department.name)
    assert dept["recovered"] == Decimal("3500.00") and dept["receivable"] == Decimal("3500.00")


def at_least_one_unpaid(klass):
    return Claim.objects.filter(klass=klass).exclude(status=S.PAID).first()


def test_the_months_reconciliation_shows_recoveries_without_inventing_differences(cast, settings):
    klass, paid, approved, *_ = _confirmed_world(cast)
    case = _open(cast, finding(klass=klass))
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训，签到代刷")
    recovery_repay(actor=cast.finance, claim=paid[0], amount="500.00")
    report = reconcile.month_report(dt.date(2021, 6, 1))
    assert report.differences == []
    assert report.recoveries_raised == paid[0].amount + paid[1].amount
    assert report.recoveries_repaid == Decimal("500.00")
    assert report.total_debits == report.total_credits


def test_a_case_with_a_claim_in_a_payment_batch_waits_for_the_bank(cast):
    from skillup.fund.payments import payment_batch_create

    claims = advance(cast, claims_for_class(cast, people=2))
    payment_batch_create(actor=cast.finance, claim_ids=[claims[0].pk])
    case = _open(cast, finding(klass=claims[0].klass))
    with pytest.raises(StateConflict, match="正在支付中"):
        services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert Claim.objects.get(pk=claims[1].pk).status == S.FINANCE_APPROVED
    assert not JournalEntry.objects.filter(kind=JournalEntry.Kind.RELEASE).exists()


def test_a_person_case_concerns_that_persons_claims_of_every_class(cast):
    first = claims_for_class(cast, people=1)
    person = first[0].person
    second = claims_for_class(cast, people=[person], occupation="电工")
    other = claims_for_class(cast, people=1)
    case = _open(cast, finding(person=person, signal="serial_trainee"))
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="同一人反复参训骗补")
    assert Claim.objects.get(pk=first[0].pk).status == S.REJECTED
    assert Claim.objects.get(pk=second[0].pk).status == S.REJECTED
    assert Claim.objects.get(pk=other[0].pk).status == S.CHECKED


def test_from_a_confirmed_case_hr_suspends_the_institutions_filing(cast):
    claims = claims_for_class(cast, people=1)
    case = _open(cast, finding(klass=claims[0].klass))
    with pytest.raises(NotAllowed, match="只有查实"):
        services_cases.case_filing_suspend(actor=cast.hr, case=case)
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训，签到代刷")
    case.refresh_from_db()
    with pytest.raises(NotAllowed, match="人社局"):
        services_cases.case_filing_suspend(actor=cast.finance, case=case)
    services_cases.case_filing_suspend(actor=cast.hr, case=case, reason="虚假培训骗取补贴")
    filing = Filing.objects.get(institution=cast.institution_org)
    assert filing.status == Filing.Status.SUSPENDED and case.code in filing.reason
    case.refresh_from_db()
    assert case.filing_suspended and case.events.filter(kind=K.FILING).exists()
    with pytest.raises(NotAllowed, match="已根据本案"):
        services_cases.case_filing_suspend(actor=cast.hr, case=case)


def test_an_institution_without_a_valid_filing_is_told_so(cast):
    institution = InstitutionFactory().organisation
    case = _open(cast, finding(klass=finished_class(cast, people=1, institution=institution, filed=False)))
    services_cases.case_close(actor=cast.hr, case=case, outcome="confirmed", reason="学员均未参训，签到代刷")
    with pytest.raises(StateConflict, match="没有有效的备案"):
        services_cases.case_filing_suspend(actor=cast.hr, case=case)


def test_a_case_with_its_steps_cannot_be_deleted(cast):
    from django.db.models import ProtectedError

    case = _open(cast, finding(klass=claims_for_class(cast, people=1)[0].klass))
    with pytest.raises(ProtectedError):
        case.delete()
