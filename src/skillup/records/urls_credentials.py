from django.urls import path

from skillup.records import views_credentials as views

app_name = "credentials"

urlpatterns = [
    path("", views.credential_list, name="list"),
    path("v/<str:public_id>", views.verify_page, name="verify"),
    path("v/<str:public_id>/qr.svg", views.qr, name="qr"),
    path("s/<str:token>", views.shared, name="shared"),
    path("status/<str:list_id>", views.status_list, name="status_list"),
    path("case/<str:code>/revoke", views.case_revoke, name="case_revoke"),
    path("<str:public_id>/", views.detail, name="detail"),
    path("<str:public_id>/download", views.download, name="download"),
]
