"""``python manage.py load_demo``: the demo site, users and articles (idempotent).

Refused with production settings (``CMS_ENV=production``): the demo creates logins with
published passwords. Library log lines are held back while it runs, so the summary it prints
is the whole output.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import load_demo

PRODUCTION_REFUSAL = (
    "load_demo refuses to run with production settings (CMS_ENV=production): it creates "
    "demo logins with published passwords. Run it on a laptop or a test server."
)


class Command(BaseCommand):
    """Load the demo (idempotent), print what was created and the demo logins."""

    help = "Create the demo health site, demo users and articles. Safe to run again."

    def handle(self, *args, **options):
        if getattr(settings, "CMS_ENV", "") == "production":
            raise CommandError(PRODUCTION_REFUSAL)
        logging.disable(logging.INFO)
        try:
            report = load_demo()
        finally:
            logging.disable(logging.NOTSET)
        if report.created:
            self.stdout.write("Created: " + "; ".join(report.created))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS("Demo logins (admin at /admin/):"))
        for username, password in report.logins:
            self.stdout.write(f"  {username:<10} {password}")
