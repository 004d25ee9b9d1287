from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The host project as an app: health endpoints, request ids, scheduled jobs, CDN purges.

    Nothing domain-specific lives here, and the domain apps never import it.
    """

    name = "cms"
    verbose_name = "Host project operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import audit_logging, checks  # noqa: F401  (signal receivers, checks)
        from .locales import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="cms.locales")
