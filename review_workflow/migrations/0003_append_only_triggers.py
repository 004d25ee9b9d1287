"""Database triggers that refuse UPDATE and DELETE of sign-off and publication records.

A frozen copy of the SQL of ``review_workflow.records.triggers`` as it was when this migration
was written (a migration must not import the app's code, which changes after it); installed on
PostgreSQL and SQLite, removed again when migrating backwards. ``record_triggers.after_migrate``
re-installs the current version after every ``migrate``.
"""

from django.db import migrations

TABLES = ("review_workflow_medicalsignoff", "review_workflow_articlepublication")
MESSAGE = "append-only review record: add a new, superseding record instead"
FUNCTION = "review_workflow_refuse_change"
OPERATIONS = ("UPDATE", "DELETE")


def _triggers():
    for table in TABLES:
        for operation in OPERATIONS:
            yield f"{table}_no_{operation.lower()}", table, operation


def _postgresql_install():
    yield f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% on %: {MESSAGE}', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END $$ LANGUAGE plpgsql"""
    for name, table, operation in _triggers():
        yield f"DROP TRIGGER IF EXISTS {name} ON {table}"
        yield (
            f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def _sqlite_install():
    for name, table, operation in _triggers():
        yield (
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{operation} on {table}: {MESSAGE}'); END"
        )


def _run(connection, statements) -> None:
    # Without parameters: the PostgreSQL function's message holds literal '%' placeholders.
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql_install, "sqlite": _sqlite_install}.get(vendor)
    _run(schema_editor.connection, statements() if statements else ())


def remove(apps, schema_editor):
    drops = {
        "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, _ in _triggers()],
        "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name, _, _ in _triggers()],
    }
    _run(schema_editor.connection, drops.get(schema_editor.connection.vendor, ()))


class Migration(migrations.Migration):
    dependencies = [("review_workflow", "0002_publication_kinds_and_rereview")]

    operations = [migrations.RunPython(install, remove)]
