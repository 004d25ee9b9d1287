"""Database triggers that keep the review records append-only, whoever writes to the database.

The ORM refuses changes too (``models.records``), but only for code that goes through it. These
triggers hold for raw SQL, ``_base_manager``, another client or a console: the record of who
signed what, what was published and the audit chain cannot be edited or shortened, only
superseded by a new record. Installed by a migration, on PostgreSQL and SQLite; other databases
get the ORM rule only.

- Sign-offs, publications and audit entries: ``UPDATE`` and ``DELETE`` refused, row by row.
- The audit chain's head: ``DELETE`` refused (every append moves it, so it is updated).
- On PostgreSQL, ``TRUNCATE`` bypasses row triggers: a statement trigger refuses it on all four
  tables. (SQLite has no ``TRUNCATE``; its ``DELETE`` without ``WHERE`` fires the row triggers.)

Django's test ``flush`` empties every table (``TRUNCATE`` on PostgreSQL, row by row on SQLite),
so tests that flush remove the triggers first and put them back afterwards
(``tests/conftest.py``). Nothing in the product does.
"""

from __future__ import annotations

SIGN_OFFS = "review_workflow_medicalsignoff"
PUBLICATIONS = "review_workflow_articlepublication"
AUDIT_ENTRIES = "review_workflow_auditentry"
AUDIT_HEAD = "review_workflow_auditchainhead"
APPEND_ONLY_TABLES = (SIGN_OFFS, PUBLICATIONS, AUDIT_ENTRIES)
RECORD_TABLES = (*APPEND_ONLY_TABLES, AUDIT_HEAD)
MESSAGE = "append-only review record: add a new, superseding record instead"
_PG_FUNCTION = "review_workflow_refuse_change"


def _row_triggers() -> list[tuple[str, str, str]]:
    """(trigger name, table, operation) of every row trigger, on both databases."""
    triggers = [
        (f"{table}_no_{operation.lower()}", table, operation)
        for table in APPEND_ONLY_TABLES
        for operation in ("UPDATE", "DELETE")
    ]
    triggers.append((f"{AUDIT_HEAD}_no_delete", AUDIT_HEAD, "DELETE"))
    return triggers


def _truncate_triggers() -> list[tuple[str, str]]:
    """(trigger name, table) of PostgreSQL's statement triggers against ``TRUNCATE``."""
    return [(f"{table}_no_truncate", table) for table in RECORD_TABLES]


def _postgresql_install() -> list[str]:
    statements = [
        f"""CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% on %: {MESSAGE}', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END $$ LANGUAGE plpgsql"""
    ]
    for name, table, operation in _row_triggers():
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    for name, table in _truncate_triggers():
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    return statements


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{operation} on {table}: {MESSAGE}'); END"
        for name, table, operation in _row_triggers()
    ]


def _remove(vendor: str) -> list[str]:
    names = [(name, table) for name, table, _ in _row_triggers()]
    if vendor == "postgresql":
        names += _truncate_triggers()
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in names]
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in names]


def _expected(vendor: str) -> int:
    return len(_row_triggers()) + (len(_truncate_triggers()) if vendor == "postgresql" else 0)


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
    if set(RECORD_TABLES) <= set(connection.introspection.table_names()):
        install(connection)


def installed(connection) -> bool:
    """Whether all the triggers are in place on ``connection``."""
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
        return cursor.fetchone()[0] == _expected(connection.vendor)
