"""``python manage.py announce_article_changes``: the webhook events that time alone causes.

Records ``article.review_status_changed`` for each served article whose review became due soon
or overdue since the last run (once per transition). The scheduler runs it every minute; it is
idempotent. (Every other event is recorded in the transaction of its change.)
"""

from django.core.management.base import BaseCommand

from frontend_api.webhooks.review_status import announce_review_status_changes


class Command(BaseCommand):
    """Announce review-status transitions to webhook endpoints."""

    help = "Record webhook events for review-status transitions."

    def handle(self, *args, **options):
        transitions = announce_review_status_changes()
        self.stdout.write(f"{transitions} review-status change(s).")
