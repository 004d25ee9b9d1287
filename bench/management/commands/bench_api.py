"""``manage.py bench_api``: our content API against Wagtail's API v2 and the in-memory ceiling.

Runs under the bench settings (``CMS_ENV=bench``); started with any other settings it runs
itself again under them, so the development database is never seeded. Steps: migrate, seed
up to ``--count`` articles, start gunicorn (2 sync workers) on a free port in 8301-8319, load
every scenario for ``--duration`` seconds, print the table, stop the server.
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
from bench.load import wrk_available
from bench.memory import measure_memory_growth
from bench.runner import ScenarioRunner, measure_in_process
from bench.scenarios import (
    build_scenarios,
    not_modified_scenario,
    our_api_installed,
)
from bench.seeding import seed_articles
from bench.server import gunicorn
from health_content.models import TreatmentArticlePage

from .seed_articles import ProgressBar

MANAGE_PY = Path(__file__).resolve().parents[3] / "manage.py"
WORKERS = 2


class Command(BaseCommand):
    help = "Benchmark the content API against Wagtail's API v2 on the same seeded data."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000, help="Articles to have (2000).")
        parser.add_argument("--duration", type=float, default=5.0, help="Seconds per run (5).")
        parser.add_argument("--connections", type=int, default=16, help="Connections (16).")
        parser.add_argument(
            "--database-url", default="", help="Database to seed and serve (default: bench)."
        )
        parser.add_argument("--skip-seed", action="store_true", help="Use the data as it is.")

    def handle(self, *args, **options):
        if options["count"] < 1 or options["duration"] <= 0 or options["connections"] < 1:
            raise CommandError("--count, --duration and --connections must be positive.")
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
            *(["--skip-seed"] if options["skip_seed"] else []),
        ]
        self.stdout.flush()
        completed = subprocess.run(command, env=env, check=False)
        if completed.returncode:
            raise CommandError(f"The benchmark failed (exit code {completed.returncode}).")

    # Data ------------------------------------------------------------------------------------

    def _prepare_data(self, options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        existing = TreatmentArticlePage.objects.live().count()
        missing = options["count"] - existing
        if options["skip_seed"] or missing <= 0:
            self.stdout.write(f"Using {existing:,} live articles already in the database.")
            return
        self.stdout.write(f"{existing:,} live articles; seeding {missing:,} more.")
        started = time.monotonic()
        seed_articles(missing, progress=ProgressBar(self.stdout, "Seeding articles"))
        self.stdout.write(f"Seeded in {time.monotonic() - started:.1f}s.")

    # Measurement -----------------------------------------------------------------------------

    def _benchmark(self, options) -> None:
        installed = our_api_installed()
        scenarios = build_scenarios(ours_installed=installed)
        detail = scenarios[0]
        etag = measure_in_process(detail.ours).etag if detail.ours else None
        scenarios.append(not_modified_scenario(detail, etag))
        self._print_conditions(options, installed)
        env = {**os.environ, "CMS_ENV": "bench"}
        with gunicorn(env, workers=WORKERS) as server:
            if installed:
                self.stdout.write("  measuring worker memory over 10,000 requests ...")
                self.stdout.flush()
                growth = measure_memory_growth(server, scenarios)
            runner = ScenarioRunner(
                server, duration=options["duration"], connections=options["connections"]
            )
            results, memory = [], []
            for scenario in scenarios:
                self.stdout.write(f"  measuring {scenario.name} ...")
                self.stdout.flush()
                results.append(runner.run(scenario))
                memory.append((report.requests_served(results), server.worker_rss_mb()))
        self.stdout.write("")
        self.stdout.write(report.markdown_table(results))
        self.stdout.write("")
        for line in report.notes(results):
            self.stdout.write(f"- {line}")
        pair = report.find_then_detail_line(results)
        if pair:
            self.stdout.write(f"- {pair}")
        if installed:
            self.stdout.write(f"- {growth.line()}")
        self.stdout.write(f"- {report.memory_line(memory)}")

    def _print_conditions(self, options, installed: bool) -> None:
        articles = TreatmentArticlePage.objects.live().count()
        tool = "wrk" if wrk_available() else "Python load generator (wrk not installed)"
        load1, load5, _ = os.getloadavg()
        self.stdout.write(
            f"{articles:,} live articles on {connection.vendor}; gunicorn {WORKERS} sync workers; "
            f"{tool}, {options['connections']} connections, {options['duration']:g}s per run; "
            f"{os.cpu_count()} CPUs, load average {load1:.2f} / {load5:.2f} before the runs."
        )
        if not installed:
            self.stdout.write(
                "Our API (/api/v1/) is not mounted: measuring Wagtail v2 and the ceiling only."
            )
