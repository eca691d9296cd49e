from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "skillup.fund"
    label = "fund"
    verbose_name = "专项资金"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from skillup.fund.funding import FundFunding
        from skillup.subsidies import funding

        funding.register(FundFunding())
