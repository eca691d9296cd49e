from django.urls import path

from skillup.planning import views, views_dashboard, views_meetings

app_name = "planning"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/overdue/", views.overdue_list, name="overdue"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/tasks/", views_meetings.task_list, name="task_list"),
    path("meetings/tasks/<int:pk>/<str:action>/", views_meetings.task_action, name="task_action"),
    path("annual/new/", views_meetings.annual_new, name="annual_new"),
    path("annual/<int:pk>/", views_meetings.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/<str:action>/", views_meetings.annual_action, name="annual_action"),
    path("dashboard/", views_dashboard.dashboard_view, name="dashboard"),
    path("ranking/", views_dashboard.ranking, name="ranking"),
    path("ranking/notice/", views_dashboard.notice, name="notice"),
    path("statistics/", views_dashboard.skill_stats, name="skill_stats"),
]
