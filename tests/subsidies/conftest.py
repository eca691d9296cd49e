import pytest


@pytest.fixture(autouse=True)
def _books_balance_after_each_test(request):
    """After every fund test the journal balances: total debits equal total credits, entry by entry."""
    yield
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    from tests.fund.books import assert_books_balance

    assert_books_balance()


@pytest.fixture(autouse=True)
def _factory_sequences_untouched():
    """The money tests create many people; they put the shared factories' sequences back afterwards, so
    that other apps' tests (which may pick fixed identity numbers) see the same sequence as without them."""
    from tests.factories import OrganisationFactory, PersonFactory, UserFactory

    factories = (PersonFactory, UserFactory, OrganisationFactory)
    saved = []
    for f in factories:
        f._meta._initialize_counter()
        saved.append(f._meta._counter.seq)
    yield
    for f, seq in zip(factories, saved, strict=True):
        f.reset_sequence(seq)
