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
                nav.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return {"nav": nav, "business_today": today()}
