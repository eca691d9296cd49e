from django.urls import path

from skillup.registry import views

urlpatterns = [
    path("people/", views.people_list, name="people_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("people/<int:pk>/card/", views.person_card, name="person_card"),
    path("organisations/<int:pk>/bank-account/", views.bank_account, name="bank_account"),
    path("bank-account/", views.my_bank_account, name="my_bank_account"),
    path("people/<int:pk>/recognise/", views.person_recognise, name="person_recognise"),
    path("me/", views.my_profile, name="my_profile"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
]

from skillup.registry import views_filing  # noqa: E402

urlpatterns += [
    path("filings/", views_filing.filing_list, name="filing_list"),
    path("filings/new/", views_filing.filing_create, name="filing_create"),
    path("filings/<int:pk>/", views_filing.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/decide/", views_filing.filing_decide, name="filing_decide"),
    path("institutions/", views_filing.institution_list, name="institution_list"),
]

from skillup.registry import views_facts  # noqa: E402

urlpatterns += [
    path("employment/", views_facts.employment_list, name="employment_list"),
    path("employment/add/", views_facts.employment_add, name="employment_add"),
    path("employment/<int:pk>/end/", views_facts.employment_end, name="employment_end"),
    path("qualifications/", views_facts.qualification_list, name="qualification_list"),
    path("qualifications/add/", views_facts.qualification_add, name="qualification_add"),
    path("qualifications/<str:tab>/<int:pk>/end/", views_facts.qualification_end, name="qualification_end"),
    path("venues/", views_facts.venue_list, name="venue_list"),
    path("venues/add/", views_facts.venue_add, name="venue_add"),
    path("venues/<int:pk>/end/", views_facts.venue_base_end, name="venue_base_end"),
]
