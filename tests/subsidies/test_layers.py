"""The review reaches the fund through `subsidies.funding.Funding`, which the fund app registers at
start-up, so subsidies never imports fund (the whole layering is tests/test_layers.py)."""


def test_the_fund_registers_the_funding_the_review_uses():
    from skillup.fund.funding import FundFunding
    from skillup.subsidies.funding import funding

    assert isinstance(funding(), FundFunding)
