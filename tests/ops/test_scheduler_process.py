"""The ``scheduler`` process: runs round after round, and stops cleanly on SIGTERM."""

import json
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command

from tests.ops.servers import ROOT, production_env


@pytest.mark.parametrize("option", ["--interval", "--lease"])
def test_an_interval_or_lease_under_one_second_is_refused(option):
    with pytest.raises(CommandError, match="at least 1 second"):
        call_command("run_scheduled_jobs", option, "0")


def wait_for_lines(process, log, wanted: int, timeout: float = 60) -> list[dict]:
    """JSON log lines of the scheduler, once ``wanted`` job rounds have been logged."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = [
            json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")
        ]
        if sum(e.get("job") == "publish_scheduled_pages" for e in entries) >= wanted:
            return entries
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"scheduler did not log {wanted} rounds:\n{log.read_text()[-2000:]}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_runs_every_interval_and_stops_on_sigterm(tmp_path):
    log = tmp_path / "scheduler.log"
    env = production_env(tmp_path, LOG_LEVEL="INFO")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduled_jobs", "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            entries = wait_for_lines(process, log, wanted=2)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
    outcomes = {(e["job"], e["outcome"]) for e in entries if "job" in e}
    assert outcomes == {
        ("publish_scheduled_pages", "done"),
        ("purge_expired_previews", "done"),
        ("report_due_reviews", "done"),
        ("verify_published_daily", "done"),
        ("announce_article_changes", "done"),
        ("refresh_stored_translations", "done"),
        ("requeue_webhooks", "done"),
        ("send_review_reminders", "done"),
        ("publish_audit_head", "done"),
    }
    assert json.loads(log.read_text().splitlines()[-1])["message"] == "scheduler stopped"
