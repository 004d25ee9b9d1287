"""``publish_audit_head``: publish the audit chain's signed head outside the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from review_workflow.records.checkpoint import publish_head


class Command(BaseCommand):
    """Log the chain's head (entries, last hash, time, signature) and send it to the receivers
    of ``audit_checkpoint`` (the ``audit.checkpoint`` webhook). The scheduler runs it; keep
    what it publishes, then ``verify_audit --expect-head HASH`` shows the chain still holds it."""

    help = "Publish the audit chain's signed head (log line and audit.checkpoint webhook)."

    def handle(self, *args, **options):
        checkpoint = publish_head()
        self.stdout.write(
            f"Audit checkpoint: {checkpoint.entries} entries, head {checkpoint.head}, "
            f"at {checkpoint.at}."
        )
