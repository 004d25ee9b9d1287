from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The host project as an app: health endpoints, request ids, scheduled jobs, CDN purges.

    Nothing domain-specific lives here, and the domain apps never import it.
    """

    name = "cms"
    verbose_name = "Host project operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit_logging, checks  # noqa: F401  (signal receivers, checks)
