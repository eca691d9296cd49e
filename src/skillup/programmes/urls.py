from django.urls import path

from skillup.programmes import (
    views,
    views_bases,
    views_competitions,
    views_elite,
    views_projects,
    views_registers,
)

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
    path("projects/", views_projects.project_list, name="projects"),
    path("projects/add", views_projects.project_add, name="project_add"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project"),
    path("projects/<int:pk>/<str:action>", views_projects.project_change, name="project_change"),
    path("qualifications/", views_registers.qualification_registers, name="registers"),
    path("bases/", views_bases.base_list, name="bases"),
    path("bases/export.xlsx", views_bases.base_export, name="base_export"),
    path("bases/<int:pk>/", views_bases.base_detail, name="base"),
    path("bases/<int:pk>/places", views_bases.place_add, name="place_add"),
    path("bases/places/<int:pk>", views_bases.place_update, name="place_update"),
    path("bases/<int:pk>/bookings", views_bases.booking_add, name="booking_add"),
    path("bases/bookings/<int:pk>/cancel", views_bases.booking_cancel, name="booking_cancel"),
    path("elite/", views_elite.elite_list, name="elite"),
    path("elite/rounds/add", views_elite.elite_round_add, name="elite_round_add"),
    path("elite/rounds/<int:pk>/", views_elite.elite_round, name="elite_round"),
    path("elite/rounds/<int:pk>/<str:action>", views_elite.elite_round_change, name="elite_round_change"),
    path("elite/cohorts/<int:pk>/", views_elite.elite_cohort, name="elite_cohort"),
    path("elite/cohorts/<int:pk>/<str:action>", views_elite.elite_cohort_change, name="elite_cohort_change"),
    path("elite/nominations.xlsx", views_elite.elite_nominations_export, name="elite_nominations_export"),
    path("elite/members.xlsx", views_elite.elite_members_export, name="elite_members_export"),
    path("competitions/", views_competitions.competition_list, name="competitions"),
    path("competitions/add", views_competitions.competition_add, name="competition_add"),
    path("competitions/export.xlsx", views_competitions.competition_export, name="competition_export"),
    path("competitions/<int:pk>/", views_competitions.competition_detail, name="competition"),
    path(
        "competitions/<int:pk>/<str:action>", views_competitions.competition_change, name="competition_change"
    ),
    path("public/competitions/", views_competitions.competitions_public, name="competitions_public"),
    path("public/competitions/<int:pk>/", views_competitions.competition_public, name="competition_public"),
    path("rotations/", views_bases.rotation_list, name="rotations"),
    path("rotations/add", views_bases.rotation_add, name="rotation_add"),
    path("rotations/<int:pk>/<str:action>", views_bases.rotation_change, name="rotation_change"),
]
