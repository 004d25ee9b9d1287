"""``manage.py verify_published``: check every stored document against its sign-off."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontend_api.store.verification import record_run, verify_store


class Command(BaseCommand):
    """Exits non-zero, naming each mismatch, when any stored document breaks the promise."""

    help = "Check every published article readers get against its medical sign-off."

    def handle(self, *args, **options):
        started = timezone.now()
        report = verify_store()
        record_run(report, started)
        for mismatch in report.mismatches:
            self.stderr.write(mismatch.line())
        summary = f"Checked {report.checked} stored articles: {len(report.mismatches)} mismatches."
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(summary)
