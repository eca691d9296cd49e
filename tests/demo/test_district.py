"""The demo district loads into an empty database with everything the issues ask of it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.registry.models import Enterprise, Institution, Organisation, OrgKind, Person
from skillup.registry.validators import validate_id_number

pytestmark = pytest.mark.django_db


@pytest.mark.django_db
def test_the_demo_district_has_the_organisations_people_and_logins_of_the_plan(demo):
    assert (
        Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.FINANCE, OrgKind.DEPARTMENT]).count() == 17
    )
    assert Organisation.objects.filter(kind=OrgKind.DEPARTMENT).count() == 15
    assert Institution.objects.count() >= 40
    assert Enterprise.objects.count() >= 300
    for flag in ("listed", "chemical", "in_difficulty", "trade_friction"):
        assert Enterprise.objects.filter(**{flag: True}).exists(), flag
    assert Person.objects.count() >= 5000
    assert all(p.id_masked.startswith("330604") for p in Person.objects.all()[:200])
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "hr",
        "hradmin",
        "dept",
        "finance",
        "institution",
        "enterprise",
        "trainee",
        "auditor",
    } <= usernames
    for dept in Organisation.objects.filter(kind=OrgKind.DEPARTMENT):
        assert User.objects.get(username=f"dept-{dept.code}").organisation == dept
    assert User.objects.get(username="trainee").person is not None
    assert User.objects.get(username="hradmin").is_staff
    assert {r for r in User.objects.values_list("role", flat=True)} == set(Role.values)


@pytest.mark.django_db
def test_demo_identity_numbers_are_valid_and_every_target_group_is_present(demo):
    from skillup.registry import crypto
    from skillup.registry.groups import TARGET_GROUPS

    for person in Person.objects.order_by("id")[:300]:
        validate_id_number(crypto.decrypt(person.id_cipher))
    for code in TARGET_GROUPS:
        assert Person.objects.filter(groups__contains=f",{code},").exists(), code


@pytest.mark.django_db
def test_the_demo_refuses_a_database_that_is_not_empty(demo):
    with pytest.raises(CommandError, match="已有数据"):
        call_command("seed-demo")
    call_command("seed-demo", "--if-empty")  # a second `make run` reuses what exists


@pytest.mark.django_db
def test_every_department_of_annex_1_receives_work_in_the_demo(demo):
    """Issue 9 item 8: classes or claims reach each of the 15 departments (and HR), by derived routing."""
    from skillup.subsidies.models import Claim
    from skillup.training.models import TrainingClass

    idle = []
    for org in Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT]):
        classes = TrainingClass.objects.filter(department=org).count()
        claims = Claim.objects.filter(department=org).count()
        if not classes and not claims:
            idle.append(org.code)
    assert idle == []
    for code in ("jtj", "gzw", "cl", "hszh", "gxzs", "scjgj", "tyjrj", "nyncj", "swj"):
        assert TrainingClass.objects.filter(department__code=code).exclude(department_cite="").exists(), code
    assert TrainingClass.objects.filter(department__code="cl", target_group="disabled").exists()
    assert TrainingClass.objects.filter(
        department__code="gzw", employer__enterprise__state_owned=True
    ).exists()


@pytest.mark.django_db
def test_the_demo_pays_living_allowances_for_attended_days(demo):
    from skillup.subsidies.models import Claim

    living = Claim.objects.filter(
        scheme="living_allowance", status__in=["paid", "finance_approved", "checked"]
    )
    assert living.exists()
    for claim in living[:50]:
        assert claim.amount == 50 * claim.facts["days"] and claim.facts["days"] == len(
            claim.facts["counted_days"]
        )
        assert any(b["rule"] == "living_days" for b in claim.basis)
    assert Claim.objects.filter(scheme="living_allowance").values("klass", "person").distinct().count() == (
        Claim.objects.filter(scheme="living_allowance").count()
    )


def test_no_demo_claim_names_an_occupation_outside_the_catalogues(demo):
    """Every occupation the demo trains is in annex 2, the national catalogue or HR's directory (附件2 注2)."""
    from skillup.subsidies.models import Claim

    unknown = [
        (c.scheme, c.occupation)
        for c in Claim.objects.only("scheme", "occupation", "refusals")
        if "unknown_occupation" in c.refusals
    ]
    assert unknown == []


def test_the_demo_has_uplifted_claims_a_refused_stranger_and_the_enterprise_schemes(demo):
    """Issue 9 items 1 and 6: registry facts reach the demo's claims."""
    from skillup.subsidies.models import Claim

    lines = [
        b["detail"]
        for basis in Claim.objects.filter(eligible=True).values_list("basis", flat=True)
        for b in basis
        if b["rule"] == "uplift"
    ]
    assert any("经贸摩擦上浮 30% →" in line for line in lines)
    assert any("公共实训基地上浮 30% →" in line for line in lines)
    refused = [set(r) for r in Claim.objects.filter(status="refused").values_list("refusals", flat=True)]
    assert any("not_employed" in r for r in refused)
    assert any("not_chemical_enterprise" in r for r in refused)
    for scheme in (
        "chemical_dual_certificate",
        "difficult_enterprise_training",
        "chief_technician_allowance",
        "enterprise_evaluation",
    ):
        assert Claim.objects.filter(scheme=scheme, eligible=True).exists(), scheme


def test_the_demo_register_holds_every_source_and_a_claim_awaits_verification(demo):
    """Issue 9 item 4 (第13条): class results, an assessment institution and HR's provincial import fill the
    one register; the demo trainee's claim on an unregistered certificate waits for HR with its scan."""
    from skillup.certificates.models import Certificate, Verification
    from skillup.subsidies.models import Claim

    sources = set(Certificate.objects.values_list("source", flat=True))
    assert {"class_result", "assessor", "provincial"} <= sources
    assessor = User.objects.get(username="assessor")
    assert assessor.role == Role.ASSESSOR and assessor.organisation.filings.filter(status="approved").exists()
    pending = Claim.objects.get(status="cert_pending")
    assert pending.person == User.objects.get(username="trainee").person
    verification = Verification.objects.get(claim=pending, status="pending")
    assert verification.evidence.content_type == "application/pdf"


def test_demo_records(demo, db):
    """Issue 14: history imported for the demo trainee and others; one active share link of the trainee."""
    from django.utils import timezone

    from skillup.accounts.models import User
    from skillup.records.models import HistoricalEntry, ShareLink
    from skillup.records.selectors import record_of

    trainee = User.objects.get(username="trainee")
    assert HistoricalEntry.objects.values("person").distinct().count() > 10
    record = record_of(trainee.person)
    assert len(record.history) == 2
    active = [
        link for link in ShareLink.objects.filter(person=trainee.person) if link.is_active(timezone.now())
    ]
    assert len(active) == 1 and active[0].views.count() == 1
