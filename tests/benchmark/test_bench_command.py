"""``bench_api`` runs end to end at tiny settings and prints every column of the table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report
from bench.scenarios import our_api_installed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_output(tmp_path_factory):
    database = tmp_path_factory.mktemp("bench") / "bench.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["CMS_ENV"] = "dev"  # the command must switch itself to the bench settings
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench_api",
            "--count=4",
            "--duration=1",
            "--connections=2",
            f"--database-url=sqlite:///{database}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _rows(output: str) -> list[list[str]]:
    lines = [line for line in output.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_the_bench_command_prints_every_column(bench_output):
    assert _rows(bench_output)[0] == list(report.COLUMNS)


def test_the_bench_command_measures_wagtail_v2_and_the_ceiling_for_the_detail(bench_output):
    rows = _rows(bench_output)[2:]
    detail = rows[: rows.index(next(row for row in rows[1:] if row[0]))]
    assert [row[1] for row in detail] == ["ours", "Wagtail v2", "ceiling"]
    for row in detail:
        assert row[2] != report.MISSING and float(row[2].replace(",", "")) > 0
        assert row[7] != report.MISSING  # SQL queries per request


def test_the_bench_command_measures_every_endpoint_of_our_api(bench_output):
    assert our_api_installed(), "the content API must be mounted in the bench URLs"
    rows = _rows(bench_output)[2:]
    ours = [row for row in rows if row[1] == "ours"]
    assert len(ours) == 7
    assert all(row[2] != report.MISSING and row[9].endswith("×") for row in ours)


def test_the_bench_command_reports_no_failed_requests(bench_output):
    assert "⚠" not in bench_output


def test_the_bench_command_states_its_conditions(bench_output):
    assert "live articles on sqlite" in bench_output
    assert "Worker RSS" in bench_output
    assert "after 1,000 requests" in bench_output and "after 10,000 requests" in bench_output
