"""``bench_api`` runs end to end at tiny settings and prints every column of the table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report
from bench.workloads import our_api_installed

ROOT = Path(__file__).resolve().parents[2]
# It benchmarks a SQLite file of its own, whatever database the suite runs on.
pytestmark = pytest.mark.end_to_end


# Session scope: under xdist a worker may tear module fixtures down between two of its tests.
@pytest.fixture(scope="session")
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
            "--only",
            "cold-detail",
            "search",
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


def _workload_rows(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Table rows grouped by workload (the name is on each group's first row)."""
    groups: dict[str, list[list[str]]] = {}
    name = ""
    for row in rows[2:]:
        name = row[0] or name
        groups.setdefault(name, []).append(row)
    return groups


def test_the_bench_command_walks_every_detail_against_wagtail_v2_and_the_ceiling(bench_output):
    detail = _workload_rows(_rows(bench_output))["cold detail"]
    assert [row[1] for row in detail] == ["ours", "Wagtail v2", "ceiling"]
    for row in detail:
        assert row[3] == "4/4"  # every one of the 4 articles, once
        assert float(row[4].replace(",", "")) > 0
        assert row[9] != report.MISSING  # SQL queries per request


def test_the_bench_command_walks_the_distinct_searches_at_one_and_four_connections(
    bench_output,
):
    assert our_api_installed(), "the content API must be mounted in the bench URLs"
    groups = _workload_rows(_rows(bench_output))
    searches = {name: rows for name, rows in groups.items() if name.startswith("long-tail")}
    names = sorted(name.split(" (")[0] for name in searches)
    assert names == ["long-tail search, 1 connection", "long-tail search, 4 connections"]
    # Beside each search row: how many articles its queries match (median, 90th percentile).
    assert all("(matches per query: median " in name for name in searches)
    for rows in searches.values():
        assert [row[1] for row in rows] == ["ours", "Wagtail v2"]
        assert rows[0][10].endswith("×")
        assert all(int(row[3].split("/")[1].replace(",", "")) == 400 for row in rows)


def test_the_bench_command_reports_no_failed_requests(bench_output):
    assert "⚠" not in bench_output


def test_the_bench_command_starts_a_fresh_server_for_every_walk(bench_output):
    assert "7 walks on 7 freshly started servers" in bench_output


def test_the_bench_command_states_its_conditions(bench_output):
    assert "live articles on sqlite" in bench_output
    assert "started afresh for each walk" in bench_output
    assert "Worker RSS" in bench_output
