"""Provable records (issue 20): imported sign-offs are marked, and the audit chain is
append-only in the database like sign-offs and publications.

- ``MedicalSignOff.imported``: a past review brought in from elsewhere (its ``signed_at`` is
  the original date), shown as such in the history and the audit trail.
- Triggers: ``UPDATE``/``DELETE`` refused on audit entries, ``DELETE`` on the chain's head, and
  on PostgreSQL ``TRUNCATE`` on all four record tables. A frozen copy of the SQL of
  ``review_workflow.records.triggers`` as it was when this migration was written;
  ``record_triggers.after_migrate`` re-installs the current version after every ``migrate``.
"""

from django.db import migrations, models

FUNCTION = "review_workflow_refuse_change"
MESSAGE = "append-only review record: add a new, superseding record instead"
ENTRIES = "review_workflow_auditentry"
HEAD = "review_workflow_auditchainhead"
TRUNCATE_TABLES = (
    "review_workflow_medicalsignoff",
    "review_workflow_articlepublication",
    ENTRIES,
    HEAD,
)
ROW_TRIGGERS = (
    (f"{ENTRIES}_no_update", ENTRIES, "UPDATE"),
    (f"{ENTRIES}_no_delete", ENTRIES, "DELETE"),
    (f"{HEAD}_no_delete", HEAD, "DELETE"),
)


def _postgresql_install():
    for name, table, operation in ROW_TRIGGERS:
        yield f"DROP TRIGGER IF EXISTS {name} ON {table}"
        yield (
            f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    for table in TRUNCATE_TABLES:
        yield f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"
        yield (
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def _sqlite_install():
    for name, table, operation in ROW_TRIGGERS:
        yield (
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{operation} on {table}: {MESSAGE}'); END"
        )


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgresql_install, "sqlite": _sqlite_install}.get(vendor)
    _run(schema_editor.connection, statements() if statements else ())


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    names = [(name, table) for name, table, _ in ROW_TRIGGERS]
    if vendor == "postgresql":
        names += [(f"{table}_no_truncate", table) for table in TRUNCATE_TABLES]
        _run(schema_editor.connection, [f"DROP TRIGGER IF EXISTS {n} ON {t}" for n, t in names])
    elif vendor == "sqlite":
        _run(schema_editor.connection, [f"DROP TRIGGER IF EXISTS {n}" for n, _ in names])


class Migration(migrations.Migration):
    dependencies = [("review_workflow", "0004_attested_sign_offs_audit_chain_reminders")]

    operations = [
        migrations.AddField(
            model_name="medicalsignoff",
            name="imported",
            field=models.BooleanField(
                default=False,
                help_text="A past review brought in from elsewhere, dated when it was made.",
            ),
        ),
        migrations.RunPython(install, remove),
    ]
