"""The demo's SQLite database under an editor's pace (issue 22), in Chromium: an editor edits
the summary and chooses "Submit to Medical review" at once while another write holds the
database (autosave, the scheduler); the submit waits its turn instead of failing with
"database is locked", and no error page (let alone a JSON document) is shown.

The demo as ``make demo`` runs it: ``manage.py runserver`` (threaded, DEBUG on) on a SQLite
file holding the demo content, in a process of its own, so each request has its own database
connection, as on a laptop.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.ops.servers import ROOT, Client

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("ports-8218")]

PORT = 8218
# Longer than SQLite's default wait (5 s), shorter than the demo's busy timeout.
HOLD_SECONDS = 6


def _env(database: Path, mail: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        CMS_ENV="dev",
        DEBUG="1",  # as `make demo`: runserver serves the admin's static files
        DATABASE_URL=f"sqlite:///{database}",
        EMAIL_FILE_PATH=str(mail),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{PORT}",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    return env


def _manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, timeout=600,
    )  # fmt: skip


@contextmanager
def demo_server(tmp: Path):
    database = tmp / "demo.sqlite3"
    env = _env(database, tmp / "sent-mail")
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "load_demo")
    log = tmp / "runserver.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if Client(PORT).get("/healthz").status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            yield database, log
        finally:
            process.terminate()
            process.wait(timeout=20)


def hold_the_database(database: Path, seconds: float, started: threading.Event) -> None:
    """Another writer (autosave, the scheduler): a write transaction held for ``seconds``."""
    connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()


def article_id(database: Path, slug: str) -> int:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT id FROM wagtailcore_page WHERE slug = ?", [slug]
        ).fetchone()
    return row[0]


def workflow_started(database: Path, page_id: int) -> bool:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT count(*) FROM wagtailcore_workflowstate WHERE object_id = ? "
            "AND status = 'in_progress'",
            [str(page_id)],
        ).fetchone()
    return row[0] == 1


def test_editing_and_submitting_at_once_on_sqlite_shows_no_error_page(page, tmp_path):
    with demo_server(tmp_path) as (database, log):
        page_id = article_id(database, "low-back-pain-treatment")
        page.goto(f"http://127.0.0.1:{PORT}/admin/login/")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", "editor-demo-pass")
        page.click("button[type=submit]")
        page.wait_for_url(f"http://127.0.0.1:{PORT}/admin/")
        page.goto(f"http://127.0.0.1:{PORT}/admin/pages/{page_id}/edit/")
        page.wait_for_load_state("networkidle")
        summary = page.locator("textarea[name=summary], input[name=summary]").first
        summary.fill(summary.input_value() + " Most people feel better within six weeks.")
        started = threading.Event()
        holder = threading.Thread(target=hold_the_database, args=(database, HOLD_SECONDS, started))
        holder.start()
        started.wait(10)
        page.locator("[data-w-dropdown-target=toggle]").last.click()
        page.get_by_role("button", name="Submit to Medical review").click()
        page.wait_for_load_state("networkidle", timeout=60_000)
        holder.join()
        text = page.locator("body").inner_text()
        # Before: a 503 "database is locked", answered as the API's JSON problem document.
        assert page.evaluate("document.contentType") == "text/html", text[:500]
        assert "Service Unavailable" not in text and "Not saved" not in text
        assert "has been submitted for medical review" in text, text[:2000]
        assert workflow_started(database, page_id)
        assert "database is locked" not in log.read_text()
