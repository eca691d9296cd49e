from django.urls import path

from skillup.subsidies import views

urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/bulk/", views.claims_bulk, name="claims_bulk"),
    path("claims/apply/", views.claim_apply, name="claim_apply"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/resubmit/", views.claim_resubmit, name="claim_resubmit"),
    path("classes/", views.class_claims, name="class_claims"),
    path("classes/<str:code>/living/", views.living_apply, name="claim_living_apply"),
]
