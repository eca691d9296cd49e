from django.urls import path

from skillup.directory import views

urlpatterns = [
    path("", views.directory_list, name="directory_list"),
    path("add", views.directory_add, name="directory_add"),
    path("replace", views.directory_replace, name="directory_replace"),
]
