from django.urls import path

from skillup.subsidies import views_verification as views

# Mounted at /certificates/ beside the register's pages (skillup/urls.py).
urlpatterns = [
    path("queue/", views.queue, name="certificate_queue"),
    path("queue/<int:claim_pk>/", views.verification, name="certificate_verification"),
    path("claims/<int:claim_pk>/evidence/", views.claim_evidence_upload, name="claim_evidence_upload"),
]
