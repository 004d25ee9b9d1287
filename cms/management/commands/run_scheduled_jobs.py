"""The scheduler process: run the periodic jobs now (``--once``) or every ``--interval``."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from cms.scheduled_jobs import logger, run_due_jobs


class Command(BaseCommand):
    help = (
        "Publish scheduled pages, purge expired previews and report due reviews. Safe to run "
        "on several machines: one runner at a time holds a lease in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs once and exit.")
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between runs (default 60)."
        )
        parser.add_argument(
            "--lease", type=int, default=600, help="Seconds a run may hold the lease."
        )

    def handle(self, *args, once: bool, interval: int, lease: int, **options):
        if interval < 1 or lease < 1:
            raise CommandError("--interval and --lease must be at least 1 second.")
        if once:
            self.run_once(lease)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        logger.info("scheduler started", extra={"interval": interval})
        while not stop.is_set():
            # Never keep a connection across the pause: a database restart must not be fatal.
            close_old_connections()
            try:
                self.run_once(lease)
            except DatabaseError as exc:
                logger.error("scheduler cannot reach the database", extra={"error": str(exc)})
            stop.wait(interval)
        logger.info("scheduler stopped")

    def run_once(self, lease: int) -> None:
        results = run_due_jobs(lease_seconds=lease)
        if results is None:
            self.stdout.write("Skipped: another runner holds the scheduled-jobs lease.")
            return
        for result in results:
            self.stdout.write(f"{result.job}: {result.outcome}")
