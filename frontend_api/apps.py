from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    """App config for the public content API."""

    name = "frontend_api"
    verbose_name = "Front-end API"
    default_auto_field = "django.db.models.BigAutoField"
