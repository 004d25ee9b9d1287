"""A newcomer's first run (``make demo``): a short, quiet start whose every URL answers."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Workflow, WorkflowPage

ROOT = Path(__file__).resolve().parents[2]
# Header lines `make demo` may print before the server's own (the limit is 30).
MOST_LINES = 30


def demo_recipe() -> list[str]:
    """The lines of the Makefile's ``demo`` recipe."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("demo:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line)
    return recipe


def printed_paths() -> list[str]:
    """The paths of the URLs ``make demo`` prints (``$(PUBLIC_BASE_URL)/...``)."""
    echoed = " ".join(line for line in demo_recipe() if "@echo" in line)
    return re.findall(r"\$\(PUBLIC_BASE_URL\)(/\S*?)(?=[\"\s])", echoed)


@pytest.fixture
def demo_output(db) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    return (out.getvalue() + err.getvalue()).splitlines()


def test_make_demo_prints_the_admin_the_api_and_its_docs():
    assert {"/admin/", "/api/v1/", "/api/v1/docs/", "/"} <= set(printed_paths())


def test_every_url_make_demo_prints_answers_200(demo_output, client):
    for path in printed_paths():
        response = client.get(path, follow=True)  # the admin's sends you to its login first
        assert response.status_code == 200, path


def test_make_demo_prints_at_most_30_lines_before_the_server_starts(demo_output):
    echoed = [line for line in demo_recipe() if "@echo" in line]
    assert len(demo_output) + len(echoed) <= MOST_LINES, demo_output
    assert any("admin-demo-pass" in line for line in demo_output)


def test_the_demo_leaves_no_stock_moderation_workflow_assigned(demo_output):
    stock = Workflow.objects.filter(name="Moderators approval")
    assert not stock.filter(active=True).exists()
    assert not WorkflowPage.objects.filter(workflow__in=stock).exists()


def test_make_help_names_host_port_and_the_public_base_url():
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True)
    assert shown.returncode == 0
    for name in ("HOST=", "PORT=", "PUBLIC_BASE_URL", "LOG_LEVEL"):
        assert name in shown.stdout


def test_the_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"


def demo_start_command() -> str:
    """What ``make demo`` runs once set up: one shell command (``make -n`` prints it)."""
    dry = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "db_worker" in line)
    end = next(i for i, line in enumerate(lines) if "runserver" in line)
    return " ".join(line.rstrip("\\") for line in lines[start : end + 1])


def test_make_demo_runs_the_scheduler_quietly_beside_the_server_and_stops_it_with_it():
    command = demo_start_command()
    scheduler = re.search(
        r"manage\.py run_scheduled_jobs --interval (\d+)([^&]*)& (\w+)=\$!", command
    )
    assert scheduler, command
    interval, redirect, pid = scheduler.groups()
    assert int(interval) == 60 and ">/dev/null" in redirect
    trap = re.search(r"trap '([^']*)' EXIT INT TERM", command).group(1)
    assert f"${pid}" in trap.split() and trap.startswith("kill ")
    assert command.index("run_scheduled_jobs") < command.index("runserver")
