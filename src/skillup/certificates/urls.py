from django.urls import path

from skillup.certificates import views

urlpatterns = [
    path("", views.certificate_list, name="certificate_list"),
    path("<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("new/", views.certificate_new, name="certificate_new"),
    path("import/", views.certificate_import, name="certificate_import"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
