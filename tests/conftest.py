"""The fixed cast: one user per role and organisation, plus another organisation of each kind and an
outsider, so access tests read like a story ("the other institution's staff gets 404")."""

from dataclasses import dataclass

import pytest
from django.db import connection

from skillup.accounts.models import AuditHead, User
from skillup.accounts.roles import Role
from skillup.registry.models import Organisation, OrgKind, Person
from tests.factories import EnterpriseFactory, InstitutionFactory, PersonFactory, UserFactory

# The longest tests start first, so that under pytest-xdist (`make test`) no worker is left with one of them
# at the end while the other idles (longest-first scheduling). Figures: docs/operations.md "Test suite".
LONGEST_FIRST = (
    "tests/core/test_demo_dates.py::test_the_demo_seeds_at_a_business_date_and_nothing_happens_after_it[2021-12-31]",
    "tests/demo/",
    "tests/core/test_demo_dates.py",
    "tests/deploy/",
    "tests/core/test_backup.py",
    "tests/browser/",
)


def _longest_first(item) -> int:
    for rank, prefix in enumerate(LONGEST_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONGEST_FIRST)


# Tests that share a package- or module-scoped fixture defined under tests/ (the demo district, the planted
# integrity districts): each prefix is one unit of work for pytest-xdist, so the fixture is built once, on one
# worker. Every other test is a unit of its own. A new shared fixture missing here only costs time (it is
# built on each worker that runs its tests); tests/test_xdist_units.py fails when one is missing.
SHARED_FIXTURE_UNITS = (
    "tests/demo/",
    "tests/integrity/test_example.py",
    "tests/integrity/test_acceptance.py",
)


def unit_of(nodeid: str) -> str:
    for prefix in SHARED_FIXTURE_UNITS:
        if nodeid.startswith(prefix):
            return prefix
    return nodeid


def pytest_xdist_make_scheduler(config, log):
    """Load scheduling by the units above. (xdist's own `loadgroup` renames `item._nodeid`, which pytest 9.2
    no longer reads, so its groups were ignored.)"""
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (run by .ci/run with DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
    items.sort(key=_longest_first)  # stable: the order within each rank is the collection order


@pytest.fixture(scope="session", autouse=True)
def _the_test_runner_may_empty_sealed_tables():
    """The audit trail and the journal refuse DELETE (SQLite) and TRUNCATE (PostgreSQL); the one exception
    is the test runner's own flush between transactional tests (skillup.core.db.allow_test_runner_flush)."""
    from django.core.management.commands import flush

    from skillup.core.db import allow_test_runner_flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        with allow_test_runner_flush(options.get("database") or "default"):
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _own_checkpoint_file(settings, tmp_path):
    """Each test's audit checkpoints go to a file of its own, never the developer's var/ directory."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def _eager_celery_and_clock(settings):
    from skillup.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.SKILLUP_TODAY = "2021-06-15"
    settings.AXES_ENABLED = True
    # Fast hashing for the cast; production keeps Django's PBKDF2 default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Throttle counts (skillup.core.throttle) live in the cache: every test starts with none.
    from django.core.cache import cache

    cache.clear()


@dataclass
class Cast:
    hr_bureau: Organisation
    finance_bureau: Organisation
    department: Organisation
    other_department: Organisation
    institution_org: Organisation
    other_institution_org: Organisation
    enterprise_org: Organisation
    other_enterprise_org: Organisation
    trainee_person: Person
    other_person: Person
    hr: User
    hradmin: User
    dept: User
    other_dept: User
    finance: User
    institution: User
    other_institution: User
    enterprise: User
    other_enterprise: User
    trainee: User
    other_trainee: User
    auditor: User
    outsider: User

    def all_users(self) -> list[User]:
        return [
            self.hr,
            self.hradmin,
            self.dept,
            self.other_dept,
            self.finance,
            self.institution,
            self.other_institution,
            self.enterprise,
            self.other_enterprise,
            self.trainee,
            self.other_trainee,
            self.auditor,
            self.outsider,
        ]


@pytest.fixture
def cast(db) -> Cast:
    AuditHead.objects.get_or_create(pk=1)
    hr_bureau = Organisation.objects.create(
        kind=OrgKind.HR, code="rsj", name="区人力社保局", short_name="人社局"
    )
    finance_bureau = Organisation.objects.create(
        kind=OrgKind.FINANCE, code="czj", name="区财政局", short_name="财政局"
    )
    department = Organisation.objects.create(
        kind=OrgKind.DEPARTMENT, code="jxj", name="区经信局", short_name="经信局"
    )
    other_department = Organisation.objects.create(
        kind=OrgKind.DEPARTMENT, code="yjglj", name="区应急管理局", short_name="应急管理局"
    )
    institution_org = InstitutionFactory(organisation__name="上虞区众鑫职业技能培训学校").organisation
    other_institution_org = InstitutionFactory(organisation__name="上虞区东关职业技能培训学校").organisation
    enterprise_org = EnterpriseFactory(organisation__name="浙江上虞甲机械有限公司").organisation
    other_enterprise_org = EnterpriseFactory(
        organisation__name="浙江上虞乙化工有限公司", chemical=True
    ).organisation
    trainee_person = PersonFactory(name="王小明", employer=enterprise_org)
    other_person = PersonFactory(name="李小红", employer=other_enterprise_org)
    outsider_person = PersonFactory(name="赵外人")

    def user(username, role, organisation=None, person=None, **extra):
        return UserFactory(username=username, role=role, organisation=organisation, person=person, **extra)

    return Cast(
        hr_bureau=hr_bureau,
        finance_bureau=finance_bureau,
        department=department,
        other_department=other_department,
        institution_org=institution_org,
        other_institution_org=other_institution_org,
        enterprise_org=enterprise_org,
        other_enterprise_org=other_enterprise_org,
        trainee_person=trainee_person,
        other_person=other_person,
        hr=user("hr", Role.HR, hr_bureau),
        hradmin=user("hradmin", Role.HR_ADMIN, hr_bureau, is_staff=True, is_superuser=True),
        dept=user("dept", Role.DEPT, department),
        other_dept=user("dept-yjglj", Role.DEPT, other_department),
        finance=user("finance", Role.FINANCE, finance_bureau),
        institution=user("institution", Role.INSTITUTION, institution_org),
        other_institution=user("institution2", Role.INSTITUTION, other_institution_org),
        enterprise=user("enterprise", Role.ENTERPRISE, enterprise_org),
        other_enterprise=user("enterprise2", Role.ENTERPRISE, other_enterprise_org),
        trainee=user("trainee", Role.TRAINEE, person=trainee_person),
        other_trainee=user("trainee2", Role.TRAINEE, person=other_person),
        auditor=user("auditor", Role.AUDITOR),
        outsider=user("outsider", Role.TRAINEE, person=outsider_person),
    )


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user, backend="skillup.accounts.backends.SkillUpBackend")
        return client

    return _login


@pytest.fixture
def api_client(client):
    """api_client(user) → a client whose requests carry a real bearer token of that user."""
    from skillup.accounts.services import api_token_create

    class _Api:
        def __init__(self, user):
            self.token = api_token_create(user=user, name="test")
            self.headers = {"Authorization": f"Bearer {self.token}"}

        def get(self, path, **kw):
            return client.get(path, headers=self.headers, **kw)

        def post(self, path, data=None, **kw):
            if "content_type" not in kw and not kw.get("multipart"):
                kw["content_type"] = "application/json"
            kw.pop("multipart", None)
            return client.post(path, data=data, headers=self.headers, **kw)

    return _Api


@pytest.fixture
def vendor():
    return connection.vendor


@pytest.fixture(autouse=True)
def _books_balance_after_each_test(request):
    """After every test that touched the database the special fund's journal balances: total debits equal
    total credits, entry by entry (issue 5: "the fund balances after every test")."""
    uses = [name for name in ("transactional_db", "db") if name in request.fixturenames]
    if not uses:
        yield
        return
    request.getfixturevalue(uses[0])  # so the database outlives this check
    yield
    from tests.fund.books import assert_books_balance

    assert_books_balance()
