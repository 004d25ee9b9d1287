"""Every model change ships with its migration; data migrations stand on their own."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, verbosity=1)
    except SystemExit as exit_:  # --check exits non-zero when a migration is missing
        pytest.fail(f"missing migrations (exit {exit_.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


PLUGIN_APPS = ("health_content", "review_workflow", "frontend_api")
ROOT = Path(__file__).resolve().parents[1]


def imported_plugin_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return [name for name in names if name.split(".")[0] in PLUGIN_APPS]


def data_migrations() -> list[Path]:
    paths = [path for app in PLUGIN_APPS for path in (ROOT / app / "migrations").glob("0*.py")]
    return [path for path in paths if "RunPython" in path.read_text()]


@pytest.mark.parametrize("path", data_migrations(), ids=lambda path: path.name)
def test_data_migrations_never_import_the_apps_code(path):
    # The code changes after the migration is written; a migration that imports it can break
    # ``migrate`` from an empty database later. Models come from ``apps.get_model``, the rest
    # is a frozen copy in the migration.
    assert imported_plugin_modules(path) == []


@pytest.mark.django_db
def test_wagtails_search_table_carries_no_index_of_ours():
    if connection.vendor != "postgresql":
        pytest.skip("the index only ever existed on PostgreSQL: run with DATABASE_URL=postgres://")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        assert cursor.fetchone()[0] == 0


GIN_INDEX = "frontend_api_search_entry_text"
