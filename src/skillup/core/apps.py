from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "skillup.core"
    label = "core"
    verbose_name = "公共"

    def ready(self):
        # Bind shared tasks to the project's Celery app (Redis broker when REDIS_URL is set) in every
        # Django process, without making the Django-free `skillup quote` import Celery.
        from skillup import celery  # noqa: F401
        from skillup.core import (
            checks,  # noqa: F401  (registers the deploy checks)
            db,
        )

        # The SQLite guards of sealed tables ask a function each connection must carry (core/db.py).
        connection_created.connect(db.register_sqlite_functions, dispatch_uid="skillup-sqlite-functions")

        # Each app's `can_<action>` functions register themselves for the `{% can %}` tag.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
