"""Tampering as a database superuser would: around the append-only triggers.

On PostgreSQL a superuser turns triggers off for the session (``session_replication_role =
replica``) or drops them; on SQLite anyone with the file drops them. Tests that show what the
verifiers catch use this to forge records the product itself can never write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from review_workflow.records import triggers as record_triggers


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """Run the block as a superuser who got past the triggers; they are back afterwards."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        return
    record_triggers.remove(connection)
    try:
        yield
    finally:
        record_triggers.install(connection)


def forge(statement: str, params=()) -> None:
    """Run one SQL statement with the triggers out of the way."""
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(statement, params)
