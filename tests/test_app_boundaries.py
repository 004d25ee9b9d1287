"""The domain apps are reusable: none imports the host project, and only the API knows DRF."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_APPS = ["health_content", "review_workflow", "frontend_api"]


def imported_modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_app_never_imports_the_host_project(app):
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in imported_modules(app)
        if m == "cms" or m.startswith("cms.")
    ]
    assert offenders == []


@pytest.mark.parametrize("app", ["health_content", "review_workflow"])
def test_content_and_review_apps_know_nothing_of_drf(app):
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in imported_modules(app)
        if m.startswith("rest_framework")
    ]
    assert offenders == []


def test_health_content_does_not_import_the_api():
    offenders = [m for _, m in imported_modules("health_content") if m.startswith("frontend_api")]
    assert offenders == []
