"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.frontend_api.ports import use_live_server_port

# People with their roles and the medical review workflow, for the admin flows.
from tests.review_workflow.conftest import (  # noqa: F401
    editor,
    medical_workflow,
    rosa,
    sam,
    superuser,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Set by `make docs-images` to refresh the editor guide's screenshots; otherwise the tests
# write their screenshots to a temporary folder, never into the working tree.
GUIDE_IMAGES = os.environ.get("DOCS_IMAGES_DIR")

# pytest-django's live server (schemathesis and browser tests) binds 127.0.0.1:81xx.
use_live_server_port()


@pytest.fixture
def browser(monkeypatch):
    # Per test, not per session: Playwright's sync API keeps an event loop running in this
    # thread, and Django then hands out a fresh connection object, which lacks the serialized
    # test data that transactional tests restore between tests.
    from playwright import sync_api  # a test dependency (pyproject): missing means broken

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # to set up data are ordinary blocking calls, which Django would otherwise refuse. Only
    # for this test: subprocesses such as `check --deploy` must not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip("Chromium is not installed: run `make browser` (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()
        # The ORM calls made while the event loop ran used connections of their own (see
        # above); close them here, in that same context, or the test database cannot be
        # dropped at the end of the run ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    opened = context.new_page()
    yield opened
    # Leave the admin before the test's database is flushed: an edit page left open may still
    # post (autosave) to the live server while the flush runs.
    opened.goto("about:blank")
    context.close()


@pytest.fixture
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots that illustrate nothing in the docs go (kept with pytest's temp files)."""
    return tmp_path_factory.mktemp("browser-artifacts")


@pytest.fixture
def guide_images(tmp_path_factory) -> Path:
    """Where the editor guide's screenshots go: docs/images/ only under `make docs-images`."""
    if GUIDE_IMAGES:
        folder = Path(GUIDE_IMAGES)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("guide-images")
