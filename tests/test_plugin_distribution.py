"""The distribution is the three plugin apps, and a brand-new Wagtail site can use them.

The wheel is built from a copy of the project's files (a ``build/`` folder left in the tree
could otherwise smuggle removed modules into it). A new virtual environment gets the wheel and
its declared dependencies only (from the pip cache where it can; never the project's own
environment), ``wagtail start`` makes a new project there, and the site's own page type
(``tests/fresh_site/notices``), which adopts the medical-review contract, is migrated, refused
an unsigned publish and served by the content API once signed. Slow (about a minute, mostly
installing packages), and part of ``make test`` and CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from frontend_api.webhooks.events import EventType

ROOT = Path(__file__).resolve().parents[1]
FRESH_SITE = Path(__file__).resolve().parent / "fresh_site"
PLUGIN_APPS = {"health_content", "review_workflow", "frontend_api"}
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", "*.sqlite3*",
    "media", "staticfiles", "test-artifacts", ".pytest_cache", ".ruff_cache", "node_modules",
)  # fmt: skip

pytestmark = pytest.mark.end_to_end


def run(*command: str | Path, cwd: Path, env: dict | None = None) -> str:
    """Run a command; on failure, fail the test with everything it printed."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_wheel(workdir: Path) -> Path:
    source = workdir / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", workdir, cwd=source)
    [wheel] = workdir.glob("*.whl")
    return wheel


def fresh_environment(workdir: Path, wheel: Path) -> Path:
    """A new virtual environment holding the wheel and its dependencies, nothing else.

    The project's own pip installs into it (``--python``), so the environment needs no pip of
    its own; packages come from the pip cache when they are there.
    """
    venv = workdir / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    run(base_python, "-m", "venv", "--without-pip", venv, cwd=workdir)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile",
        "--disable-pip-version-check", wheel, cwd=workdir)  # fmt: skip
    return python


def start_project(python: Path, workdir: Path) -> Path:
    """``wagtail start``, plus the site's own app, the plugin's settings and the API's URLs."""
    project = workdir / "site"
    project.mkdir()
    run(python.parent / "wagtail", "start", "freshsite", project, cwd=workdir)
    shutil.copytree(FRESH_SITE / "notices", project / "notices")
    shutil.copy(FRESH_SITE / "prove.py", project / "prove.py")
    settings = project / "freshsite" / "settings" / "base.py"
    settings.write_text(settings.read_text() + (FRESH_SITE / "plugin_settings.py").read_text())
    urls = project / "freshsite" / "urls.py"
    text = urls.read_text()
    mounted = '    path("api/v1/", include("frontend_api.urls")),\n    path("search/"'
    urls.write_text(text.replace('    path("search/"', mounted, 1))
    return project


def wheel_contents(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


# Session scope: under xdist a worker may tear module fixtures down between two of its tests.
@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("plugin")


@pytest.fixture(scope="session")
def wheel(workdir) -> Path:
    return build_wheel(workdir)


def test_the_wheel_holds_the_three_plugin_apps_and_nothing_else(wheel):
    names = wheel_contents(wheel)
    top_level = {name.split("/")[0] for name in names}
    assert {name for name in top_level if not name.endswith(".dist-info")} == PLUGIN_APPS
    shipped = set(names)
    for app in PLUGIN_APPS:
        wanted = [
            path.relative_to(ROOT).as_posix()
            for folder in ("migrations", "templates", "static")
            for path in (ROOT / app / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
        assert wanted and set(wanted) <= shipped, app


def test_a_fresh_wagtail_site_guards_and_serves_its_own_reviewed_page_type(workdir, wheel):
    python = fresh_environment(workdir, wheel)
    project = start_project(python, workdir)
    env = {"DJANGO_SETTINGS_MODULE": "freshsite.settings.dev", "PYTHONPATH": ""}
    made = run(python, "manage.py", "makemigrations", "notices", cwd=project, env=env)
    assert (project / "notices" / "migrations" / "0001_initial.py").exists()
    run(python, "manage.py", "migrate", "--noinput", "-v", "0", cwd=project, env=env)
    proof = run(python, "prove.py", cwd=project, env=env)
    verified = run(python, "manage.py", "verify_published", cwd=project, env=env)
    print(made, proof, verified, sep="\n")

    assert "unsigned publish: refused" in proof
    assert "live after refusal: False" in proof
    assert "live after sign-off: True" in proof
    assert "GET /api/v1/articles/" in proof and ": 200" in proof
    assert "title: Kettle recall" in proof
    assert "reviewed by: Dr Ada Clinician, MD" in proof
    assert "url_path: /product-safety/kettle-recall/" in proof
    assert "disclaimer: Standard medical disclaimer, version 1" in proof
    assert "can be created in a health center: True" in proof
    assert "listed: ['Kettle recall']" in proof
    assert "Checked 1 stored articles: 0 mismatches." in verified
    # The API's OpenAPI settings come with the plugin: the site copied none.
    assert "schema: Health content API, OpenAPI 3.1.0" in proof
    # Every webhook event the plugin records is documented in the fresh site's schema too.
    assert f"schema webhooks: {len(EventType)}" in proof
    assert "schema paths elsewhere: []" in proof
