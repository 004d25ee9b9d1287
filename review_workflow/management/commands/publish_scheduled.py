"""Wagtail's ``publish_scheduled``, with the medical sign-off checked at go-live time.

This app comes before ``wagtail`` in INSTALLED_APPS, so this command replaces Wagtail's. A due
revision without a valid sign-off is not published: the refusal is logged on the page, its
schedule is cleared (so it is not retried every run while others wait), and the rest go live.
The publish guard stands behind this check as well.
"""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from review_workflow.publishing.guard import log_refusal, publish_refusal


class Command(WagtailCommand):
    """Publish due revisions and unpublish expired pages, refusing unsigned content."""

    help = "Publish scheduled revisions that have a valid medical sign-off; unpublish expired."

    def handle(self, *args, **options):
        if not options["dryrun"]:
            self.refuse_unsigned_due_revisions()
        return super().handle(*args, **options)

    def refuse_unsigned_due_revisions(self) -> None:
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        for revision in due.order_by("approved_go_live_at"):
            refusal = publish_refusal(revision)
            if refusal is None:
                continue
            log_refusal(refusal)
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            self.stderr.write(f"Not published: {refusal.args[0]}")
