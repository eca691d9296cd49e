from django.urls import path

from skillup.whatif import views

app_name = "whatif"

urlpatterns = [
    path("", views.draft_list, name="draft_list"),
    path("<int:pk>/", views.draft_detail, name="draft_detail"),
    path("<int:pk>/overlay.yaml", views.draft_overlay, name="draft_overlay"),
    path("<int:pk>/changes/<int:position>/remove/", views.change_remove, name="change_remove"),
    path("<int:pk>/runs/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/export.xlsx", views.run_export, name="run_export"),
]
