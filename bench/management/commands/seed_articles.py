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
        parser.add_argument(
            "--translated",
            type=float,
            default=0.0,
            help="Share of the library's articles (0 to 1) that also get a Spanish translation "
            "(default 0).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(
        self, *args, count: int, batch_size: int, translated: float, no_progress: bool, **options
    ):
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be at least 1.")
        if not 0 <= translated <= 1:
            raise CommandError("--translated is a share of the articles, from 0 to 1.")
        bars = (None, None)
        if not no_progress:
            bars = (
                ProgressBar(self.stdout, "Importing articles"),
                ProgressBar(self.stdout, "Importing translations"),
            )
        started = time.monotonic()
        report = seed_articles(
            count,
            translated=translated,
            batch_size=batch_size,
            progress=bars[0],
            translation_progress=bars[1],
        )
        translations = f" and {report.translated:,} Spanish translations" if translated else ""
        self.stdout.write(
            f"Created {report.created:,} library articles{translations} in "
            f"{len(report.centers)} health centers in {time.monotonic() - started:.1f}s "
            f"({steps_line(report)})."
        )
