import pytest


@pytest.fixture(autouse=True)
def _books_balance_after_each_test(request):
    """After every fund test the journal balances: total debits equal total credits, entry by entry."""
    yield
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    from tests.fund.books import assert_books_balance

    assert_books_balance()
