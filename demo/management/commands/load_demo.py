"""``python manage.py load_demo``: the demo site, users and articles (idempotent)."""

from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Create the demo health site, demo users and articles. Safe to run again."

    def handle(self, *args, **options):
        report = load_demo()
        if report.created:
            self.stdout.write("Created: " + "; ".join(report.created))
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS("Demo logins (admin at /admin/):"))
        for username, password in report.logins:
            self.stdout.write(f"  {username:<10} {password}")
