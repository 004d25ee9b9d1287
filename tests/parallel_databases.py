"""Test databases for parallel runs: migrate once per run, clone for each pytest-xdist worker.

Building a test database runs every migration (about 16 s, more on a busy machine). Under
``pytest -n N`` pytest-django would do that in each worker; here the first worker to get the
lock migrates a *template* once and every worker clones it:

- PostgreSQL: ``CREATE DATABASE <test name>_gwN TEMPLATE <test name>_template`` (a file copy
  inside the server, about a second);
- SQLite: the template is a file in the run's shared temporary folder, copied into each
  worker's own in-memory database with SQLite's backup API (tests keep running in memory).

Without xdist this is pytest-django's own ``django_db_setup``. The template is dropped by the
controller when the run ends (``drop_template``, from ``tests/conftest.py``). Either way, the
reset around a transactional test is the quicker one: the flush empties only the tables
that hold rows (PostgreSQL), the migrations' data is loaded back model by model
(``tests.quick_reset``).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.fixtures import _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

from tests.quick_reset import quicker_reset

TEMPLATE_SUFFIX = "_template"


def worker_id() -> str | None:
    """The xdist worker this process is (``gw0``...), or None outside a parallel run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


@contextmanager
def run_lock(shared: Path) -> Iterator[None]:
    """One worker at a time builds or clones (an OS file lock in the run's shared folder)."""
    with (shared / "databases.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def template_name(connection, shared: Path) -> str:
    """Where the migrated template lives: a database name (PostgreSQL) or a file (SQLite)."""
    if connection.vendor == "sqlite":
        return str(shared / "template.sqlite3")
    return connection.creation._get_test_db_name() + TEMPLATE_SUFFIX


def _databases_of_their_own(aliases: set[str]) -> set[str]:
    """The aliases besides ``default`` that need a test database of their own. A mirror (a
    replica reading the primary's test database) needs none, nor does an alias a test adds to
    the connections itself (``replica_0`` for the hot standby in test_replicas.py)."""
    return {
        alias
        for alias in aliases - {"default"}
        if alias in settings.DATABASES
        and not settings.DATABASES[alias].get("TEST", {}).get("MIRROR")
    }


def build_template(connection, name: str) -> None:
    """Create and migrate the template once per run (a leftover of a crashed run is replaced)."""
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()


def clone_template(connection, template: str, worker: str) -> None:
    """Give this worker its own copy of the template and point the connection at it."""
    if connection.vendor == "sqlite":
        clone = _clone_sqlite(connection, template, worker)
    else:
        clone = f"{template.removesuffix(TEMPLATE_SUFFIX)}_{worker}"
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{clone}"')
            cursor.execute(f'CREATE DATABASE "{clone}" TEMPLATE "{template}"')
    _use_database(connection, clone)


def _clone_sqlite(connection, template: str, worker: str) -> str:
    clone = f"file:memorydb_{connection.alias}_{worker}?mode=memory&cache=shared"
    source, target = sqlite3.connect(template), sqlite3.connect(clone, uri=True)
    try:
        source.backup(target)
        # A shared in-memory database lives while a connection holds it: open Django's
        # before closing the copier's.
        _use_database(connection, clone)
        connection.ensure_connection()
    finally:
        source.close()
        target.close()
    return clone


def _use_database(connection, name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.settings_dict["TEST"]["NAME"] = name


def drop_clone(connection) -> None:
    """Drop this worker's PostgreSQL clone (an in-memory SQLite one goes with the process)."""
    if connection.vendor == "sqlite":
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def drop_template(config: pytest.Config) -> None:
    """At the end of a parallel run, the controller drops the PostgreSQL template."""
    connection = connections["default"]
    if connection.vendor == "sqlite" or blocking_manager_key not in config.stash:
        return
    name = connection.creation._get_test_db_name() + TEMPLATE_SUFFIX
    with config.stash[blocking_manager_key].unblock():
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    tmp_path_factory,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture of the same name, with one migration per parallel run."""
    connection = default_connection
    aliases, serialized = _get_databases_for_setup(request.session.items)
    worker = worker_id()
    if worker is None or _databases_of_their_own(aliases):
        with django_db_blocker.unblock():
            config = setup_databases(
                verbosity=0, interactive=False, aliases=aliases, serialized_aliases=serialized
            )
        for alias in aliases & set(settings.DATABASES):
            quicker_reset(connections[alias])
        yield
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)
        return

    shared = tmp_path_factory.getbasetemp().parent
    with django_db_blocker.unblock():
        with run_lock(shared):
            template = template_name(connection, shared)
            ready = shared / "template.ready"
            if not ready.exists():
                build_template(connection, template)
                ready.write_text(template)
            clone_template(connection, template, worker)
        # What the migrations made, for serialized rollbacks and to be loaded back after a
        # transactional test's flush (tests/conftest.py, ``data_made_by_migrations``).
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    quicker_reset(connection)
    yield
    with django_db_blocker.unblock():
        drop_clone(connection)
