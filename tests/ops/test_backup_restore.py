"""A pg_dump / pg_restore round trip (the procedure in docs/operations.md) loses nothing."""

import shutil
import subprocess

import psycopg
import pytest
from django.apps import apps
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="needs the pg_dump and pg_restore binaries (Debian: postgresql-client)",
    ),
]

# Sign-offs and publications, revisions and the live page rows, workflow state and audit log.
COMPARED_MODELS = [
    *(m._meta.label for m in apps.get_app_config("review_workflow").get_models()),
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageLogEntry",
    "health_content.HealthCenterPage",
    "health_content.TreatmentArticlePage",
]


def libpq_url(database: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgresql://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{database}"


def rows(database: str, table: str) -> list[tuple]:
    with psycopg.connect(libpq_url(database)) as conn:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()


def sequence_positions(database: str) -> list[tuple]:
    with psycopg.connect(libpq_url(database)) as conn:
        return conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
        ).fetchall()


@pytest.fixture
def restored_database():
    """The name of a fresh, empty database, dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(libpq_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(libpq_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def article_with_history(published_article):
    """A live, signed-off article with an unpublished draft on top of its live revision."""
    published_article.title = "A newer draft, not yet reviewed"
    published_article.save_revision()
    return published_article


def dump_and_restore(source: str, target: str, tmp_path) -> None:
    dump = tmp_path / "cms.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
         f"--dbname={libpq_url(source)}", f"--file={dump}"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
         f"--dbname={libpq_url(target)}", str(dump)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_dump_and_restore_keeps_sign_offs_revisions_and_live_state(
    article_with_history, restored_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    dump_and_restore(source, restored_database, tmp_path)
    for label in COMPARED_MODELS:
        table = apps.get_model(label)._meta.db_table
        assert rows(restored_database, table) == rows(source, table), label


def test_the_round_trip_had_sign_offs_and_a_draft_to_lose(article_with_history):
    """Guards the test above against comparing empty tables."""
    from review_workflow.models import MedicalSignOff

    assert MedicalSignOff.objects.filter(page=article_with_history).exists()
    assert article_with_history.live and article_with_history.has_unpublished_changes


def test_restored_sequences_continue_where_the_original_stopped(
    article_with_history, restored_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    dump_and_restore(source, restored_database, tmp_path)
    assert sequence_positions(restored_database) == sequence_positions(source)
