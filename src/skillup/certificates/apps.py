from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "skillup.certificates"
    label = "certificates"
    verbose_name = "证书库"
