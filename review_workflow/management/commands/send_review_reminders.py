"""``send_review_reminders``: today's reminder digests, at most one per person per day."""

from django.core.management.base import BaseCommand

from review_workflow.admin.reminders import send_reminders


class Command(BaseCommand):
    """Safe to run any number of times a day, on any number of servers."""

    help = "E-mail reviewers and editors a daily digest of reviews awaiting, due and overdue."

    def handle(self, *args, **options):
        run = send_reminders()
        self.stdout.write(
            f"Sent {run.sent} reminder digest(s); {run.already_sent} already sent today."
        )
