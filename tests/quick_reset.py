"""A transactional test's database reset, quicker: the flush after it, the reload before.

Django ends every transactional test (``transaction=True``, ``live_server``) with ``flush``,
and the next one (``serialized_rollback``), or the next test of any kind
(``data_made_by_migrations`` in ``tests/conftest.py``), loads back what the migrations made.
Both were most of a transactional test's cost on PostgreSQL (measured on CI's machine under
load: 2.6 s for the flush and 1.2-1.9 s for the reload, per test):

- The flush is one ``TRUNCATE`` of every table (85 here), which gives each table new files
  whatever it holds. A test leaves rows in a few dozen small tables; ``DELETE`` from those is
  a few milliseconds. Same result: every table empty, sequences not reset (Django's test flush
  never resets them), ``post_migrate`` sent as before. ``DELETE`` order does not matter:
  Django's foreign keys on PostgreSQL are ``DEFERRABLE INITIALLY DEFERRED`` and the flush is
  one transaction. The append-only triggers, which refuse ``DELETE`` as they refuse
  ``TRUNCATE``, are dropped before the flush as before (``append_only_records``). With
  ``reset_sequences`` or ``allow_cascade`` (``available_apps``) Django's own flush runs.
- The reload saved each of the ~420 objects on its own (an ``UPDATE``, then an ``INSERT``).
  Here each model's rows go in with one ``INSERT`` per batch, raw, as Django's reload writes
  them (no model ``save()``, and no signals: every receiver in this project and in Wagtail
  ignores raw saves). If rows are already there (a ``post_migrate`` re-created the content
  types after a flush), that is rolled back and Django's own reload runs instead.
"""

from __future__ import annotations

from functools import wraps
from itertools import groupby

from django.core import serializers
from django.db import DatabaseError, transaction


def quicker_reset(connection) -> None:
    """Make this connection's flush and reload of the migrations' data the quick ones."""
    if getattr(connection, "_quicker_reset", False):
        return
    connection._quicker_reset = True
    if connection.vendor == "postgresql":
        _flush_filled_tables_only(connection)
    _reload_in_bulk(connection)


def _flush_filled_tables_only(connection) -> None:
    truncate_all = connection.ops.sql_flush

    @wraps(truncate_all)
    def sql_flush(style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate_all(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        filled = tables_with_rows(connection, tables)
        # Django sends post_migrate only when a flush has SQL to run, as TRUNCATE always is.
        return [f"DELETE FROM {connection.ops.quote_name(table)};" for table in filled] or [
            "SELECT 1;"
        ]

    connection.ops.sql_flush = sql_flush


def tables_with_rows(connection, tables) -> list[str]:
    """The tables among ``tables`` that hold at least one row (one query for them all)."""
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query, list(tables))
        return [row[0] for row in cursor.fetchall()]


def _reload_in_bulk(connection) -> None:
    reload_one_by_one = connection.creation.deserialize_db_from_string

    @wraps(reload_one_by_one)
    def deserialize_db_from_string(data):
        try:
            with transaction.atomic(using=connection.alias):
                insert_in_bulk(connection, data)
        except DatabaseError:
            reload_one_by_one(data)

    connection.creation.deserialize_db_from_string = deserialize_db_from_string


def insert_in_bulk(connection, data: str) -> None:
    """Insert what ``serialize_db_to_string`` wrote into empty tables, model by model."""
    alias = connection.alias
    objects = list(serializers.deserialize("json", data, using=alias))
    tables = set()
    with connection.constraint_checks_disabled():
        for model, group in groupby(objects, key=lambda deserialized: type(deserialized.object)):
            group = list(group)
            rows = [deserialized.object for deserialized in group]
            # What a raw save() writes: the model's own table, every column it stores.
            fields = [
                field
                for field in model._meta.local_concrete_fields
                if not getattr(field, "generated", False)
            ]
            batch = connection.ops.bulk_batch_size(fields, rows) or len(rows)
            for start in range(0, len(rows), batch):
                model._base_manager.using(alias)._insert(
                    rows[start : start + batch], fields=fields, using=alias, raw=True
                )
            tables.add(model._meta.db_table)
            for deserialized in group:
                for accessor, values in (deserialized.m2m_data or {}).items():
                    getattr(deserialized.object, accessor).set(values)
    connection.check_constraints(table_names=tables)
