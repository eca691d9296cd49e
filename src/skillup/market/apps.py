from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "skillup.market"
    label = "market"
    verbose_name = "培训超市"
