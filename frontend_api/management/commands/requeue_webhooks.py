"""``python manage.py requeue_webhooks``: queue again deliveries whose task was lost, and
delete the delivery log past its retention.

A worker that crashes mid-delivery leaves its task marked running forever; the delivery itself
stays pending, and this queues it again once it has waited ``WEBHOOK_REQUEUE_AFTER`` seconds.
The scheduler runs it every minute; it is idempotent.
"""

from django.core.management.base import BaseCommand

from frontend_api.webhooks.delivery import prune, requeue_stalled


class Command(BaseCommand):
    """Requeue stalled webhook deliveries; prune delivered ones past the retention."""

    help = "Queue stalled webhook deliveries again and delete old delivered ones."

    def handle(self, *args, **options):
        requeued = requeue_stalled()
        pruned = prune()
        self.stdout.write(f"{requeued} delivery(ies) queued again, {pruned} old one(s) deleted.")
