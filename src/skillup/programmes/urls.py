from django.urls import path

from skillup.programmes import views

app_name = "programmes"

urlpatterns = [
    path("studios/", views.studio_list, name="studios"),
    path("studios/export.xlsx", views.studio_export, name="studio_export"),
    path("studios/apply/", views.studio_apply, name="studio_apply"),
    path("studios/<int:pk>/", views.studio_detail, name="studio"),
    path("studios/<int:pk>/decide", views.studio_decide, name="studio_decide"),
    path("studios/<int:pk>/report", views.studio_report, name="studio_report"),
    path("studios/<int:pk>/withdraw", views.studio_withdraw, name="studio_withdraw"),
    path("studios/reviews/<int:pk>/rate", views.review_rate, name="review_rate"),
    path("public/studios/", views.studios_public, name="studios_public"),
]
