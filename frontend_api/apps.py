from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    """App config for the public content API, the published-article store it reads, and the
    webhooks that tell front ends what changed."""

    name = "frontend_api"
    verbose_name = "Front-end API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from review_workflow.publishing import register_store_writer

        from . import receivers, store
        from .webhooks import checks  # noqa: F401  (system checks register on import)

        receivers.connect()
        # The publish service calls this writer, with arguments, for every publish.
        register_store_writer(store.WRITER)
