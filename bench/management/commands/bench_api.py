"""``manage.py bench_api``: our content API against Wagtail's API v2, as readers meet it.

Runs under the bench settings (``CMS_ENV=bench``); started with any other settings it runs
itself again under them, so the development database is never seeded. Steps: migrate, seed
up to ``--count`` articles (and, with ``--translated``, the Spanish translations of that share
of them: a second locale, which the walks leave alone), then for every workload
(``bench.workloads``) and API start gunicorn (2 sync workers) on a free port in 8301-8319, warm
it with a few requests outside the walk, walk the workload's URLs once each for at most
``--duration`` seconds, and stop the server; print the table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import report
from bench.runner import WorkloadRunner
from bench.seeding import seed_articles
from bench.server import gunicorn
from bench.walk import wrk_available
from bench.workloads import build_workloads, default_language, our_api_installed
from health_content.models import TreatmentArticlePage

from .seed_articles import ProgressBar, steps_line

MANAGE_PY = Path(__file__).resolve().parents[3] / "manage.py"
WORKERS = 2
# --only: a workload's key -> the start of its name (to repeat a row that looks disturbed).
WORKLOAD_KEYS = {
    "cold-detail": "cold detail",
    "list-pages": "list pages",
    "filtered-list-pages": "filtered list pages",
    "search": "long-tail search",
}


class Command(BaseCommand):
    help = "Benchmark the content API against Wagtail's API v2 on the same seeded data."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000, help="Articles to have (2000).")
        parser.add_argument(
            "--duration",
            type=float,
            default=5.0,
            help="Seconds a walk may take at most (5); it stops earlier at the end of its list.",
        )
        parser.add_argument(
            "--connections",
            type=int,
            default=16,
            help="Connections for the detail and list walks (16); search uses 1 and 4.",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=sorted(WORKLOAD_KEYS),
            default=[],
            help="Measure only these workloads (default: all).",
        )
        parser.add_argument(
            "--database-url", default="", help="Database to seed and serve (default: bench)."
        )
        parser.add_argument(
            "--translated",
            type=float,
            default=0.0,
            help="Share of the articles (0 to 1) that also have a Spanish translation, seeded "
            "after them (default 0: one locale). The walks stay on the default locale's "
            "articles, so the rows compare with and without it.",
        )
        parser.add_argument("--skip-seed", action="store_true", help="Use the data as it is.")
        parser.add_argument(
            "--replica",
            action="store_true",
            help="PostgreSQL: start a hot standby (port 5433) and add a cold-detail row with "
            "the API reading from it, and the replica's lag after the seeding's publishes.",
        )

    def handle(self, *args, **options):
        if options["count"] < 1 or options["duration"] <= 0 or options["connections"] < 1:
            raise CommandError("--count, --duration and --connections must be positive.")
        if not 0 <= options["translated"] <= 1:
            raise CommandError("--translated is a share of the articles, from 0 to 1.")
        if self._needs_bench_process(options["database_url"]):
            return self._run_in_bench_process(options)
        self._prepare_data(options)
        self._benchmark(options)

    # Settings ------------------------------------------------------------------------------

    def _needs_bench_process(self, database_url: str) -> bool:
        if getattr(settings, "CMS_ENV", None) != "bench":
            return True
        return bool(database_url) and os.environ.get("DATABASE_URL") != database_url

    def _run_in_bench_process(self, options) -> None:
        env = {**os.environ, "CMS_ENV": "bench"}
        if options["database_url"]:
            env["DATABASE_URL"] = options["database_url"]
        elif getattr(settings, "CMS_ENV", None) != "bench":
            env.pop("DATABASE_URL", None)  # the bench settings' own SQLite file
        command = [
            sys.executable,
            str(MANAGE_PY),
            "bench_api",
            f"--count={options['count']}",
            f"--duration={options['duration']}",
            f"--connections={options['connections']}",
            f"--translated={options['translated']}",
            *(["--skip-seed"] if options["skip_seed"] else []),
            *(["--replica"] if options["replica"] else []),
            *(["--only", *options["only"]] if options["only"] else []),
        ]
        self.stdout.flush()
        completed = subprocess.run(command, env=env, check=False)
        if completed.returncode:
            raise CommandError(f"The benchmark failed (exit code {completed.returncode}).")

    # Data ------------------------------------------------------------------------------------

    def _prepare_data(self, options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        existing = (
            TreatmentArticlePage.objects.live()
            .filter(locale__language_code=default_language())
            .count()
        )
        missing = max(options["count"] - existing, 0)
        translated = options["translated"]
        if options["skip_seed"] or not (missing or translated):
            self.stdout.write(f"Using {existing:,} live articles already in the database.")
            return
        self.stdout.write(
            f"{existing:,} live articles; seeding {missing:,} more"
            + (f", and Spanish translations of {translated:.0%} of them." if translated else ".")
        )
        started = time.monotonic()
        report = seed_articles(
            missing,
            translated=translated,
            progress=ProgressBar(self.stdout, "Importing articles"),
            translation_progress=ProgressBar(self.stdout, "Importing translations"),
        )
        if not (report.created or report.translated):
            self.stdout.write("Nothing to seed: the chosen share has its translations already.")
            return
        self.stdout.write(
            f"Seeded {report.created:,} articles and {report.translated:,} translations in "
            f"{time.monotonic() - started:.1f}s ({steps_line(report)}): written as JSON Lines, "
            "imported, signed off and published by import_articles --with-sign-offs."
        )

    # Measurement -----------------------------------------------------------------------------

    def _benchmark(self, options) -> None:
        installed = our_api_installed()
        workloads = self._selected(build_workloads(ours_installed=installed), options["only"])
        self._print_conditions(options, installed)
        env = {**os.environ, "CMS_ENV": "bench"}
        runner = WorkloadRunner(
            lambda: gunicorn(env, workers=WORKERS),
            max_seconds=options["duration"],
            connections=options["connections"],
        )
        results = []
        for workload in workloads:
            load1 = os.getloadavg()[0]
            self.stdout.write(f"  walking {workload.name} (load average {load1:.2f}) ...")
            self.stdout.flush()
            results.append(runner.run(workload))
        replica_lines = []
        if options["replica"]:
            replica_lines = self._replica_rows(options, workloads, env, results)
        self.stdout.write("")
        self.stdout.write(report.markdown_table(results))
        self.stdout.write("")
        for line in report.notes(results):
            self.stdout.write(f"- {line}")
        self.stdout.write(f"- {report.servers_line(results)}")
        self.stdout.write(f"- {report.memory_line(results)}")
        for line in replica_lines:
            self.stdout.write(f"- {line}")

    def _replica_rows(self, options, workloads, env, results) -> list[str]:
        """With a hot standby: the replica's lag after the seeding's publishes, and cold
        detail with the API reading from the replica (``DATABASE_REPLICA_URLS``)."""
        from bench import standby
        from bench.workloads import Workload

        if connection.vendor != "postgresql":
            return ["replica rows: PostgreSQL only (streaming replicas)."]
        primary = {**connection.settings_dict}
        server_url = (
            f"postgres://{primary['USER'] or 'postgres'}@{primary['HOST'] or '127.0.0.1'}:"
            f"{primary['PORT'] or 5432}"
        )
        try:
            replica = standby.start_standby(f"{server_url}/postgres")
        except standby.StandbyUnavailable as exc:
            return [f"replica rows: no hot standby here ({exc})."]
        lag = standby.replay_lag(f"{server_url}/{primary['NAME']}", replica)
        detail = next((w for w in workloads if w.name == "cold detail"), None)
        if detail is None:
            return [lag]
        on_replica = Workload(
            "cold detail, reads on the replica", detail.ours, detail.wagtail, None, note=""
        )
        replica_env = {**env, "DATABASE_REPLICA_URLS": replica.url(primary["NAME"])}
        runner = WorkloadRunner(
            lambda: gunicorn(replica_env, workers=WORKERS),
            max_seconds=options["duration"],
            connections=options["connections"],
        )
        self.stdout.write(f"  walking {on_replica.name} (standby on port {replica.port}) ...")
        results.append(runner.run(on_replica))
        return [lag, f"cold detail, reads on the replica: the hot standby on port {replica.port}."]

    @staticmethod
    def _selected(workloads, only: list[str]):
        if not only:
            return workloads
        prefixes = tuple(WORKLOAD_KEYS[key] for key in only)
        return [workload for workload in workloads if workload.name.startswith(prefixes)]

    def _print_conditions(self, options, installed: bool) -> None:
        language = default_language()
        articles = (
            TreatmentArticlePage.objects.live().filter(locale__language_code=language).count()
        )
        others = TreatmentArticlePage.objects.live().exclude(locale__language_code=language).count()
        tool = "wrk" if wrk_available() else "Python load generator (wrk not installed)"
        load1, load5, _ = os.getloadavg()
        locales = f" (and {others:,} live translations, not walked)" if others else ""
        self.stdout.write(
            f"{articles:,} live articles{locales} on {connection.vendor}; "
            f"gunicorn {WORKERS} sync workers, "
            f"started afresh for each walk; {tool}; each URL once, {options['connections']} "
            f"connections for detail and lists, at most "
            f"{options['duration']:g}s per walk; "
            f"{os.cpu_count()} CPUs, load average {load1:.2f} / {load5:.2f} before the runs."
        )
        if not installed:
            self.stdout.write("Our API (/api/v1/) is not mounted: measuring Wagtail v2 only.")
