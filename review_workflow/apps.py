from django.apps import AppConfig


class ReviewWorkflowConfig(AppConfig):
    """App config for the medical review workflow."""

    name = "review_workflow"
    verbose_name = "Medical review"
    default_auto_field = "django.db.models.BigAutoField"
