"""Medical review: the review contract pages adopt, the review task, attested append-only
sign-offs and publication records, review policies, the publish guard, re-review requests,
review-due reports and reminders, and the tamper-evident audit trail.

Knows pages only through the review contract (``contract.MedicallyReviewedPage``: the reviewed
content, dependencies, disclaimer, review interval and required parts; a reviewable page's
parent may provide ``review_policy()``), so it can guard any page type that adopts it.
"""

from django.apps import AppConfig


class ReviewWorkflowConfig(AppConfig):
    """App config for the medical review workflow."""

    name = "review_workflow"
    verbose_name = "Medical review"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save
        from wagtail.models import PageLogEntry
        from wagtail.signals import page_published

        from . import checks
        from .admin import coverage
        from .publishing import guard
        from .publishing.publication import on_page_published
        from .records import rereview
        from .records import triggers as record_triggers
        from .records.audit_mirror import mirror_log_entry

        checks.register()
        guard.install()
        rereview.connect()
        coverage.connect()  # new health centers get the medical review workflow
        # The one receiver of a publish: it stamps, records and announces, in order.
        page_published.connect(on_page_published, dispatch_uid="review_workflow.publication")
        post_save.connect(
            mirror_log_entry, sender=PageLogEntry, dispatch_uid="review_workflow.audit_mirror"
        )
        # A migration that rebuilds a record table (SQLite does, to alter one) drops its
        # triggers with the old table: put them back after every migrate.
        post_migrate.connect(
            record_triggers.after_migrate, sender=self, dispatch_uid="review_workflow.triggers"
        )
