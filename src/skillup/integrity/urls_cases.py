"""URLs of cases, under the `integrity` namespace (included by integrity/urls.py)."""

from django.urls import path

from skillup.integrity import views_cases as views

urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<str:code>/", views.case_detail, name="case"),
    path("cases/<str:code>/assign/", views.case_assign, name="case_assign"),
    path("cases/<str:code>/findings/", views.case_findings_add, name="case_findings_add"),
    path("cases/<str:code>/steps/", views.case_step, name="case_step"),
    path("cases/<str:code>/evidence/", views.case_evidence_upload, name="case_evidence_upload"),
    path("cases/<str:code>/evidence/<int:pk>/", views.case_evidence, name="case_evidence"),
    path("cases/<str:code>/close/", views.case_close, name="case_close"),
    path("cases/<str:code>/suspend/", views.case_suspend, name="case_suspend"),
]
