from django.urls import path

from skillup.market import views

app_name = "market"

urlpatterns = [
    path("", views.search, name="search"),
    path("calculator/", views.calculator_page, name="calculator"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/<str:action>", views.offer_change, name="offer_change"),
    path("photos/<int:pk>", views.photo, name="photo"),
    path("manage/", views.manage, name="manage"),
    path("manage/add", views.offer_add, name="offer_add"),
]
