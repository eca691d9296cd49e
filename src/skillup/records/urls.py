from django.urls import path

from skillup.records import views

app_name = "records"

urlpatterns = [
    path("me/", views.my_record, name="mine"),
    path("me/pdf/", views.my_record_pdf, name="mine_pdf"),
    path("me/shares/", views.share_list, name="shares"),
    path("me/shares/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("people/", views.institution_people, name="institution_people"),
    path("people/<int:pk>/", views.person_record, name="person"),
    path("people/<int:pk>/pdf/", views.person_record_pdf, name="person_pdf"),
    path("import/", views.history_import, name="import"),
    path("s/<str:token>/", views.shared_record, name="shared"),
]
