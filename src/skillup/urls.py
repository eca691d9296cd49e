from django.contrib import admin
from django.urls import include, path

from skillup.accounts import views as accounts_views
from skillup.api import api
from skillup.core import views as core_views
from skillup.records import views_credentials as credentials_views

admin.site.site_header = "技能提升行动管理平台 · 系统管理"
admin.site.site_title = "系统管理"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
    path("dev/sms/", accounts_views.sms_outbox, name="sms_outbox"),  # 404 unless DEBUG
    path("accounts/", include("skillup.accounts.urls")),
    path("registry/", include("skillup.registry.urls")),
    path("training/", include("skillup.training.urls")),
    path("subsidies/", include("skillup.subsidies.urls")),
    path("certificates/", include("skillup.certificates.urls")),
    path("certificates/", include("skillup.subsidies.urls_verification")),  # the 待核验证书 queue
    path("fund/", include("skillup.fund.urls")),
    path("planning/", include("skillup.planning.urls")),
    path("whatif/", include("skillup.whatif.urls")),
    path("integrity/", include("skillup.integrity.urls")),
    path("directory/", include("skillup.directory.urls")),
    path("records/", include("skillup.records.urls")),
    path("exports/", include("skillup.exports.urls")),
    path("integrity/", include("skillup.integrity.urls_spot")),  # spot checks and institution credit
    path("credentials/", include("skillup.records.urls_credentials")),
    path("programmes/", include("skillup.programmes.urls")),
    path("market/", include("skillup.market.urls")),
    path("market/", include("skillup.market.urls_groups")),  # group-buys, wishes, demand (第17条)
    path(".well-known/jwks.json", credentials_views.jwks, name="jwks"),
    path(".well-known/did.json", credentials_views.did, name="did"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Errors raised outside a view's own handling: JSON in the API's shape under /api/, HTML pages elsewhere.
handler400 = "skillup.core.views.bad_request"
handler403 = "skillup.core.views.permission_denied"
handler404 = "skillup.core.views.page_not_found"
handler500 = "skillup.core.views.server_error"
