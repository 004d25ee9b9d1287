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
        from .admin import coverage, notifications
        from .models.tasks import use_review_decisions
        from .publishing import guard
        from .publishing.decisions import TASK_DECISIONS
        from .publishing.service import record_bypassed_publish
        from .records import rereview
        from .records import triggers as record_triggers
        from .records.audit_mirror import mirror_log_entry

        checks.register()
        guard.install()
        # The medical review task decides through the publishing room (models call no service).
        use_review_decisions(TASK_DECISIONS)
        rereview.connect()
        coverage.connect()  # new health centers get the medical review workflow
        notifications.connect()  # submission e-mails only to those who can act
        # Publishes go through ``publishing.service.publish_signed_revision``; this records the
        # few that bypass it (Wagtail's admin API), after the guard let them through.
        page_published.connect(
            record_bypassed_publish, dispatch_uid="review_workflow.publishing.bypassed"
        )
        post_save.connect(
            mirror_log_entry, sender=PageLogEntry, dispatch_uid="review_workflow.audit_mirror"
        )
        # A migration that rebuilds a record table (SQLite does, to alter one) drops its
        # triggers with the old table: put them back after every migrate.
        post_migrate.connect(
            record_triggers.after_migrate, sender=self, dispatch_uid="review_workflow.triggers"
        )
