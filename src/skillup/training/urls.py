from django.urls import path

from skillup.training import views, views_roster, views_signup, views_trainee

urlpatterns = [
    path("classes/", views.class_list, name="training_class_list"),
    path("classes/new/", views.class_create, name="training_class_create"),
    path("classes/<str:code>/", views.class_detail, name="training_class_detail"),
    path("classes/<str:code>/approve/", views.class_approve, name="training_class_approve"),
    path("classes/<str:code>/reject/", views.class_reject, name="training_class_reject"),
    path("classes/<str:code>/start/", views.class_start, name="training_class_start"),
    path("classes/<str:code>/finish/", views.class_finish, name="training_class_finish"),
    path("classes/<str:code>/sessions/", views.session_create, name="training_session_create"),
    path("classes/<str:code>/roster/add/", views_roster.roster_add, name="training_roster_add"),
    path("classes/<str:code>/roster/upload/", views_roster.roster_upload, name="training_roster_upload"),
    path("classes/<str:code>/attendance/", views_roster.attendance_manual, name="training_attendance_manual"),
    path("classes/<str:code>/results/", views_roster.results_save, name="training_results_save"),
    path("roster-template.xlsx", views_roster.roster_template, name="training_roster_template"),
    path("sessions/<int:pk>/qr/", views_roster.session_qr, name="training_session_qr"),
    path("checkin/<int:session_id>/<str:token>/", views_trainee.checkin, name="training_checkin"),
    path("approvals/", views.approval_queue, name="training_approvals"),
    path("occupations/", views.occupations, name="training_occupations"),
    path("my/", views_trainee.my_classes, name="training_my_classes"),
    path("signup/", views_signup.signup_form, name="training_signup"),
    path("signup/verify/", views_signup.signup_verify, name="training_signup_verify"),
    path("my/verify/", views_signup.login_verify, name="training_login_verify"),
    path("bindings/", views_signup.binding_queue, name="training_binding_queue"),
]
