from skillup.integrity.urls_cases import urlpatterns as case_urls

app_name = "integrity"

urlpatterns = [*case_urls]
