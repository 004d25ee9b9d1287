"""``manage.py backfill_published_articles``: store documents for live articles that lack one.

For a database from before the published-article store: each live article whose latest
publication record carries a sign-off gets its documents composed from that sign-off (nothing
is rendered, nothing is signed anew), and a publication record says from when readers get it,
with which disclaimer version. Idempotent; live articles without a signed publication are
listed and stay unserved.

``--recompose`` also composes every stored article again from its sign-off, for when the way
documents are written changed (e.g. ``<``, ``>`` and ``&`` now escaped in JSON strings): only
rows whose bytes change are written, and their CDN copies purged.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from frontend_api.models import PublishedArticle
from frontend_api.store.writer import refresh
from review_workflow.contract import reviewed_pages


class Command(BaseCommand):
    """Composes stored documents from existing sign-offs, in batches."""

    help = "Store what readers get for live articles published before the store existed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recompose",
            action="store_true",
            help="Also compose every stored article again from its sign-off.",
        )

    def handle(self, *args, **options):
        if options["recompose"]:
            self.recompose(report=options["verbosity"] > 0)
        missing = self.missing()
        if not missing:
            return
        with transaction.atomic():
            refresh(missing, reason="backfill")
        unserved = self.missing()
        for pk in unserved:
            self.stderr.write(f"page {pk}: live, but nothing signed to serve; not stored")
        stored = len(missing) - len(unserved)
        self.stdout.write(f"Stored {stored} of {len(missing)} live articles without documents.")

    def recompose(self, *, report: bool = True) -> None:
        stored = list(PublishedArticle.objects.values_list("pk", flat=True))
        with transaction.atomic():
            refresh(stored, reason="recomposed")
        if report:  # `make setup` runs it quietly (-v 0) on every start
            self.stdout.write(f"Recomposed {len(stored)} stored articles.")

    @staticmethod
    def missing() -> list[int]:
        stored = PublishedArticle.objects.values("pk")
        live = reviewed_pages().live().exclude(pk__in=stored).filter(alias_of=None)
        return sorted(live.values_list("pk", flat=True))
