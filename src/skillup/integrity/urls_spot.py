"""URLs of the spot checks and institution credit (namespace `spot`), mounted under /integrity/."""

from django.urls import path

from skillup.integrity import views_spot as v

app_name = "spot"

urlpatterns = [
    path("spot/", v.draw_list, name="draws"),
    path("spot/new/", v.draw_new, name="draw_new"),
    path("spot/<int:pk>/", v.draw_detail, name="draw"),
    path("spot/<int:pk>/assign/", v.draw_assign, name="draw_assign"),
    path("spot/<int:pk>/export/", v.draw_export, name="draw_export"),
    path("spot/mine/", v.my_checks, name="mine"),
    path("spot/checks/<int:pk>/", v.check_detail, name="check"),
    path("credit/", v.credit_list, name="credits"),
    path("credit/mine/", v.credit_mine, name="credit_mine"),
    path("credit/<int:pk>/", v.credit_detail, name="credit"),
]
