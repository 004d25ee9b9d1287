from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    """App config for the public content API and the published-article store it reads."""

    name = "frontend_api"
    verbose_name = "Front-end API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
