from django.urls import path

from skillup.market import views_groups as views

app_name = "market_groups"

urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/start", views.group_start, name="group_start"),
    path("groups/<str:code>/", views.group_detail, name="group"),
    path("groups/<str:code>/join", views.group_join, name="group_join"),
    path("groups/<str:code>/book", views.group_book, name="group_book"),
    path("groups/<str:code>/leave", views.group_leave, name="group_leave"),
    path("groups/<str:code>/answer", views.wish_answer, name="wish_answer"),
    path("groups/<str:code>/confirm", views.group_confirm, name="group_confirm"),
    path("wishes/new", views.wish_start, name="wish_start"),
    path("demand/", views.demand_board, name="demand"),
    path("notifications/", views.notifications, name="notifications"),
]
