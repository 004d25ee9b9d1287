"""Medical review: the review task, attested append-only sign-offs, review policies, the publish
guard, review-due reports and reminders, and the tamper-evident audit trail.

Knows pages only through the medical-review interface (``requires_medical_review``,
``get_reviewed_content()`` and, optionally, ``missing_required_parts()``; a reviewable page's
parent may provide ``review_policy()``), so it can guard any page type.
"""

from django.apps import AppConfig


class ReviewWorkflowConfig(AppConfig):
    """App config for the medical review workflow."""

    name = "review_workflow"
    verbose_name = "Medical review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.models import PageLogEntry
        from wagtail.signals import page_published

        from . import guard
        from .audit_mirror import mirror_log_entry
        from .publication import on_page_published

        guard.install()
        page_published.connect(on_page_published, dispatch_uid="review_workflow.publication")
        post_save.connect(
            mirror_log_entry, sender=PageLogEntry, dispatch_uid="review_workflow.audit_mirror"
        )
