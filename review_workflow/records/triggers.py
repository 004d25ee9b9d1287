"""Database triggers that refuse UPDATE and DELETE of the append-only review records.

The ORM refuses changes too (``models.records``), but only for code that goes through it. These
triggers hold for raw SQL, ``_base_manager``, another client or a console: the record of who
signed what cannot be edited, only superseded by a new record. Installed by a migration, on
PostgreSQL and SQLite; other databases get the ORM rule only.

On PostgreSQL, ``TRUNCATE`` (what Django's test ``flush`` uses) bypasses row triggers; on SQLite
``flush`` deletes row by row, so tests that flush remove the triggers first and put them back
afterwards (``tests/conftest.py``). Nothing in the product does.
"""

from __future__ import annotations

APPEND_ONLY_TABLES = ("review_workflow_medicalsignoff", "review_workflow_articlepublication")
MESSAGE = "append-only review record: add a new, superseding record instead"
_PG_FUNCTION = "review_workflow_refuse_change"


def _trigger_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def _postgresql_install() -> list[str]:
    statements = [
        f"""CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% on %: {MESSAGE}', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END $$ LANGUAGE plpgsql"""
    ]
    for table in APPEND_ONLY_TABLES:
        for name, operation in zip(_trigger_names(table), ("UPDATE", "DELETE"), strict=True):
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
            ]
    return statements


def _sqlite_install() -> list[str]:
    statements = []
    for table in APPEND_ONLY_TABLES:
        for name, operation in zip(_trigger_names(table), ("UPDATE", "DELETE"), strict=True):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{operation} on {table}: {MESSAGE}'); END"
            )
    return statements


def _remove(vendor: str) -> list[str]:
    names = [(name, table) for table in APPEND_ONLY_TABLES for name in _trigger_names(table)]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in names]
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in names]


def install_statements(vendor: str) -> list[str]:
    """SQL that installs the triggers on this database vendor (none for others)."""
    if vendor == "postgresql":
        return _postgresql_install()
    if vendor == "sqlite":
        return _sqlite_install()
    return []


def install(connection) -> None:
    """Install (or re-install) the triggers on ``connection``."""
    with connection.cursor() as cursor:
        for statement in install_statements(connection.vendor):
            cursor.execute(statement)


def remove(connection) -> None:
    """Drop the triggers (only for wiping a test database; the product never does)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for statement in _remove(connection.vendor):
            cursor.execute(statement)


def after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` receiver: (re)install the triggers once the record tables exist."""
    from django.db import connections

    connection = connections[using]
    if set(APPEND_ONLY_TABLES) <= set(connection.introspection.table_names()):
        install(connection)


def installed(connection) -> bool:
    """Whether the triggers are in place on ``connection``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'review_workflow_%_no_%'"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'review_workflow_%_no_%'"
            )
        else:
            return False
        return cursor.fetchone()[0] == 2 * len(APPEND_ONLY_TABLES)
