from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class SkillUpBackend(ModelBackend):
    """Username and password; the demo password works only while DEBUG is on (issue 2)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and password == settings.DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
