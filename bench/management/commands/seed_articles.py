"""``manage.py seed_articles --count N``: synthetic, signed-off articles for the benchmark."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from bench.seeding import DEFAULT_BATCH_SIZE, seed_articles
from health_content.progress import ProgressBar


def steps_line(report) -> str:
    """How long each seeding step took: writing the JSON Lines, the import (with its sign-offs
    and publish), the planner statistics."""
    return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.seconds.items())


class Command(BaseCommand):
    help = (
        "Create N library articles (realistic text), imported through import_articles, "
        "signed off, published and searchable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000, help="Articles to add (2000).")
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="Articles per transaction."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, count: int, batch_size: int, no_progress: bool, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be at least 1.")
        bar = None if no_progress else ProgressBar(self.stdout, "Importing articles")
        started = time.monotonic()
        report = seed_articles(count, batch_size=batch_size, progress=bar)
        self.stdout.write(
            f"Created {report.created:,} library articles in {len(report.centers)} health "
            f"centers in {time.monotonic() - started:.1f}s ({steps_line(report)})."
        )
