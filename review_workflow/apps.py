"""Medical review: the review contract, the review task, append-only sign-offs and publication
records, the publish guard, re-review requests and review-due reports.

Knows pages only through the review contract (``contract.MedicallyReviewedPage``), so it can
guard any page type that adopts it.
"""

from django.apps import AppConfig


class ReviewWorkflowConfig(AppConfig):
    """App config for the medical review workflow."""

    name = "review_workflow"
    verbose_name = "Medical review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from . import guard, rereview
        from .publication import on_page_published

        guard.install()
        rereview.connect()
        # The one receiver of a publish: it stamps, records and announces, in order.
        page_published.connect(on_page_published, dispatch_uid="review_workflow.publication")
