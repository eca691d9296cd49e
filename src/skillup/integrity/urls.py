from django.urls import path

from skillup.integrity import views

app_name = "integrity"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/clear/", views.finding_clear, name="finding_clear"),
    path("scans/", views.scan_list, name="scans"),
    path("scans/start/", views.scan_start, name="scan_start"),
    path("scans/<int:pk>/", views.scan_detail, name="scan"),
    path("scans/<int:pk>/status/", views.scan_status, name="scan_status"),
]
