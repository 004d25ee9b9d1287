from django.apps import AppConfig


class FrontendApiConfig(AppConfig):
    """App config for the public content API, the published-article store it reads, and the
    webhooks that tell front ends what changed."""

    name = "frontend_api"
    verbose_name = "Front-end API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from review_workflow.contract import register_store_writer, register_stored_documents

        from . import checks
        from .store import audit, receivers
        from .store import writer as store

        receivers.connect()
        checks.register()
        # The publish service calls this writer, with arguments, for every publish.
        register_store_writer(store.WRITER)
        # ``verify_audit`` checks every stored document against the audit chain.
        register_stored_documents(audit.stored_documents)
