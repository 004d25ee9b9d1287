"""``manage.py seed_articles --count N``: synthetic, signed-off articles for the benchmark."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from bench.seeding import DEFAULT_BATCH_SIZE, seed_articles


class ProgressBar:
    """A one-line text progress bar with rate and time left, redrawn in place."""

    WIDTH = 30

    def __init__(self, stream, label: str):
        self.stream = stream
        self.label = label
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{done:,}/{total:,}  {rate:,.0f}/s  {_minutes(elapsed)} elapsed, {_minutes(left)} left"
        )
        self.stream.write(line)
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def steps_line(report) -> str:
    """How long each seeding step took: writing the JSON Lines, the import, the publish."""
    return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.seconds.items())


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


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
        bars = (None, None)
        if not no_progress:
            bars = (
                ProgressBar(self.stdout, "Importing articles"),
                ProgressBar(self.stdout, "Publishing articles"),
            )
        started = time.monotonic()
        report = seed_articles(
            count, batch_size=batch_size, progress=bars[0], publish_progress=bars[1]
        )
        self.stdout.write(
            f"Created {report.created:,} library articles in {len(report.centers)} health "
            f"centers in {time.monotonic() - started:.1f}s ({steps_line(report)})."
        )
