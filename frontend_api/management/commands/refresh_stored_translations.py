"""``python manage.py refresh_stored_translations``: what time alone changes in ``translations``.

A translation that expires, or is withdrawn as overdue (the "withdraw" policy), stops being
served without any save; the stored documents of its other languages still name it until they
are composed again. The scheduler runs this every minute: it recomposes those documents (only
bytes that change are written, and their CDN copies purged). Idempotent.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from frontend_api.store.translations import naming_unserved_translations
from frontend_api.store.writer import refresh


class Command(BaseCommand):
    """Recompose stored articles that name a translation readers no longer get."""

    help = "Recompose stored articles whose translations name an expired or withdrawn version."

    def handle(self, *args, **options):
        stale = naming_unserved_translations()
        if stale:
            with transaction.atomic():
                refresh(stale, reason="a translation is no longer served")
        self.stdout.write(f"{len(stale)} article(s) recomposed.")
