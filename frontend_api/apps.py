from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    """App config for the public content API."""

    name = "frontend_api"
    verbose_name = "Front-end API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import generation
        from .webhooks import checks, receivers  # noqa: F401  (checks register on import)

        # Whatever changes published content moves the generation the response cache uses.
        generation.connect()
        # Webhooks announce publishes, unpublishes, moves and disclaimer changes.
        receivers.connect()
