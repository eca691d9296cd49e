from django.urls import path

from skillup.fund import views

urlpatterns = [
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/file/", views.batch_file, name="batch_file"),
    path("reissue/", views.payment_reissue, name="payment_reissue"),
    path("failed/", views.failed_payments, name="failed_payments"),
    path("", views.fund_overview, name="fund_overview"),
    path("journal/", views.journal, name="fund_journal"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("receivables/", views.receivables, name="fund_receivables"),
    path("receivables/<int:claim_pk>/repay/", views.repayment, name="fund_repayment"),
]
