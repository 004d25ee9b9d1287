"""The plugin apps are reusable: none imports the host project, the demo or the benchmark;
only the API knows DRF; health content and the review meet only at the review contract; the
import contracts (import-linter) hold between the apps and between their subpackages."""

import ast
import os
import subprocess
import sys
import tomllib
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


def test_health_content_imports_only_the_review_contract_of_review_workflow():
    # The one allowed crossing, and why: a page type under medical review adopts the contract
    # the review workflow owns (``review_workflow.contract.MedicallyReviewedPage``), so
    # TreatmentArticlePage inherits it. Everything else of the review (guard, sign-offs,
    # publication records) reaches health content only through that contract.
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in imported_modules("health_content")
        if (m == "review_workflow" or m.startswith("review_workflow."))
        and m != "review_workflow.contract"
    ]
    assert offenders == []


@pytest.mark.parametrize("other", ["health_content", "frontend_api"])
def test_review_workflow_never_imports_the_content_or_api_apps(other):
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in imported_modules("review_workflow")
        if m == other or m.startswith(f"{other}.")
    ]
    assert offenders == []


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_plugin_apps_never_import_the_demo_or_the_benchmark(app):
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in imported_modules(app)
        if m.split(".")[0] in {"demo", "bench"}
    ]
    assert offenders == []


# The import contracts of pyproject.toml ([tool.importlinter]): no circle between the review's
# subpackages, models that call no service, and the other apps held to the review's public
# module. Function-level imports count. A known violation is an `ignore_imports` entry with its
# reason; one that no longer exists fails too (import-linter reports unmatched ignores), so the
# list only shrinks.
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"
]


@pytest.mark.parametrize("contract", [c["id"] for c in CONTRACTS])
def test_import_contract_holds(contract):
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--contract", contract],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
