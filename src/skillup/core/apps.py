from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "skillup.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        # Bind shared tasks to the project's Celery app (Redis broker when REDIS_URL is set) in every
        # Django process, without making the Django-free `skillup quote` import Celery.
        from skillup import celery  # noqa: F401
        from skillup.core import checks  # noqa: F401  (registers the deploy checks)
