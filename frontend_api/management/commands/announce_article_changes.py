"""``python manage.py announce_article_changes``: the webhook events that time alone causes.

Records ``article.review_status_changed`` for each article whose review became due soon or
overdue since the last run (once per transition), and ``article.moved`` for a move whose
announcement was lost. The scheduler runs it every minute; it is idempotent.
"""

from django.core.management.base import BaseCommand

from frontend_api.webhooks.announcements import announce_path_drift
from frontend_api.webhooks.review_status import announce_review_status_changes


class Command(BaseCommand):
    """Announce review-status transitions and lost moves to webhook endpoints."""

    help = "Record webhook events for review-status transitions and unannounced moves."

    def handle(self, *args, **options):
        transitions = announce_review_status_changes()
        moves = announce_path_drift()
        self.stdout.write(f"{transitions} review-status change(s), {moves} lost move(s).")
