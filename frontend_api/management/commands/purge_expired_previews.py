"""``python manage.py purge_expired_previews``: delete stored drafts whose token has expired.

Run it on a schedule (cron, a systemd timer, or the platform's scheduler), e.g. hourly.
"""

from django.core.management.base import BaseCommand

from frontend_api.preview import purge_expired_previews


class Command(BaseCommand):
    """Delete headless previews older than the token lifetime (or with a bad signature)."""

    help = "Delete stored headless previews whose token is expired or invalid."

    def handle(self, *args, **options):
        count = purge_expired_previews()
        self.stdout.write(f"Deleted {count} expired preview{'s' if count != 1 else ''}.")
