from django.urls import NoReverseMatch, reverse

from skillup.core.clock import today
from skillup.core.registry import nav_items


def shell(request):
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        for item in nav_items():
            if user.role in item.roles:
                try:
                    url = reverse(item.url_name)
                except NoReverseMatch:
                    continue
                nav.append({"label": item.label, "url": url, "active": False})
        # Only the most specific matching entry is active (/fund/batches/ is 支付批次, not also 专项资金).
        matches = [entry for entry in nav if request.path.startswith(entry["url"])]
        if matches:
            max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return {"nav": nav, "business_today": today()}
