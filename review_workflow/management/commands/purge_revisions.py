"""``purge_revisions``: Wagtail's command, keeping every revision a reviewer decided on.

Wagtail's ``purge_revisions`` deletes old revisions that are not the latest, live, scheduled or
in moderation; a revision signed off (or sent back) by a medical reviewer is history, and the
sign-off's link to it must keep pointing at it. Django runs the command of the app listed first
in ``INSTALLED_APPS``: ``review_workflow`` comes before ``wagtail`` (docs/operations.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from wagtail.management.commands import purge_revisions as wagtails
from wagtail.models import Revision, WorkflowState

from review_workflow.models import MedicalSignOff


def purgeable(days=None, pages=True, non_pages=True):
    """Wagtail 8.0's purgeable revisions (``purge_revisions.purge_revisions``), without the
    revisions any sign-off names. Compare with it when upgrading Wagtail."""
    if pages == non_pages:
        objects = Revision.objects.all()
    elif pages:
        objects = Revision.objects.page_revisions()
    else:
        objects = Revision.objects.not_page_revisions()
    revisions = objects.exclude(approved_go_live_at__isnull=False).exclude(
        pk__in=MedicalSignOff.objects.values("revision_id")
    )
    if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        revisions = revisions.exclude(
            Q(task_states__workflow_state__status=WorkflowState.STATUS_IN_PROGRESS)
            | Q(task_states__workflow_state__status=WorkflowState.STATUS_NEEDS_CHANGES)
        )
    if days:
        revisions = revisions.filter(created_at__lt=timezone.now() - timezone.timedelta(days=days))
    return revisions


def purge_revisions(days=None, pages=True, non_pages=True) -> tuple[int, int]:
    """Delete the purgeable revisions that are not their object's latest; (deleted, protected)."""
    deleted = protected = 0
    for revision in purgeable(days, pages, non_pages).iterator():
        if not revision.is_latest_revision():
            try:
                revision.delete()
                deleted += 1
            except ProtectedError:
                protected += 1
    return deleted, protected


class Command(wagtails.Command):
    """Wagtail's ``purge_revisions``; signed revisions are kept."""

    help = wagtails.Command.help + ", or signed off by a medical reviewer"

    def handle(self, *args, **options):
        deleted, protected = purge_revisions(
            days=options.get("days"), pages=options.get("pages"), non_pages=options.get("non_pages")
        )
        if not deleted:
            self.stdout.write("No revisions deleted")
            return
        self.stdout.write(self.style.SUCCESS(f"Successfully deleted {deleted} revisions"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Ignored {protected} revisions because one or more protected relations exist "
                "that prevent deletion."
            )
        )
