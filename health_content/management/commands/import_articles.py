"""``manage.py import_articles FILE.jsonl``: bring a library of treatment articles in."""

from __future__ import annotations

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from health_content.importing import DEFAULT_BATCH_SIZE, ArticleImporter, read_lines
from health_content.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import treatment articles from a JSON Lines file (one article a line, the shape of the "
        "API's detail document; see docs/operations.md). Imported articles are drafts that need "
        "a medical sign-off, unless --with-sign-offs carries each line's historic sign-off."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON Lines file ('-' reads standard input).")
        parser.add_argument(
            "--user", required=True, help="Username the pages and revisions are created by."
        )
        parser.add_argument(
            "--with-sign-offs",
            action="store_true",
            help="Record each line's import.sign_off as an imported historic sign-off and "
            "publish the article (otherwise every article is a draft needing sign-off).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="Articles per transaction."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, path, user, with_sign_offs, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        model = get_user_model()
        creator = model.objects.filter(**{model.USERNAME_FIELD: user}).first()
        if creator is None:
            raise CommandError(f"No user {user!r}.")
        if path == "-":
            lines = [(n, text) for n, text in enumerate(sys.stdin, start=1) if text.strip()]
            total = len(lines)
        else:
            try:
                total = sum(1 for _ in read_lines(path))
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not UTF-8 text.") from exc
            lines = read_lines(path)
        progress = None if no_progress else ProgressBar(self.stderr, "Importing articles")
        started = time.monotonic()
        importer = ArticleImporter(
            user=creator,
            with_sign_offs=with_sign_offs,
            batch_size=batch_size,
            progress=progress,
        )
        report = importer.run(lines, total)
        state = "signed off and published" if with_sign_offs else "drafts needing sign-off"
        self.stdout.write(
            f"Imported {report.created:,} articles ({state}); {report.skipped:,} already "
            f"imported; {len(report.bad_lines):,} bad lines; "
            f"{time.monotonic() - started:.1f}s."
        )
        for number, reason in report.bad_lines:
            self.stderr.write(f"line {number}: {reason}")
        if report.bad_lines:
            raise CommandError(
                f"{len(report.bad_lines)} line(s) were not imported; fix them and run the "
                "import again (lines already imported are skipped by their source key)."
            )
