from django.apps import AppConfig


class HealthContentConfig(AppConfig):
    """App config for the health content model (pages, blocks, snippets)."""

    name = "health_content"
    verbose_name = "Health content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from . import checks
        from .models.snippets import Disclaimer, keep_a_disclaimer

        checks.register()
        post_delete.connect(
            keep_a_disclaimer, sender=Disclaimer, dispatch_uid="health_content.keep_a_disclaimer"
        )
