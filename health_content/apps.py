from django.apps import AppConfig


class HealthContentConfig(AppConfig):
    """App config for the health content model (pages, blocks, snippets)."""

    name = "health_content"
    verbose_name = "Health content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks

        checks.register()
