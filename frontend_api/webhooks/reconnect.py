"""Keep a worker process alive across a database restart.

django-tasks-db's ``db_worker`` exits on the first connection error it does not expect
(``OperationalError: the database system is shutting down`` from its claim transaction), and
deliveries then wait for someone to start it again. ``run_reconnecting`` runs the worker,
and when the database goes away it logs, waits with a growing back-off, probes until the
database answers, logs again and starts the worker afresh. A delivery that was running when
the connection broke stays claimed until the scheduler's ``requeue_webhooks`` queues it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger("frontend_api.webhooks.worker")

# Connection-level errors: an outage, not a bug (an IntegrityError still stops the worker).
CONNECTION_ERRORS = (OperationalError, InterfaceError)
FIRST_BACKOFF_SECONDS = 1.0
LONGEST_BACKOFF_SECONDS = 30.0


def drop_connections() -> None:
    """Close every open connection, broken ones included, so the next query connects afresh."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except CONNECTION_ERRORS:
            pass  # it was broken: closing it is all we wanted


def database_answers(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True when a fresh connection to ``alias`` runs a query."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except CONNECTION_ERRORS:
        drop_connections()
        return False


def wait_for_database(sleep: Callable[[float], None] = time.sleep) -> None:
    """Back off (1 s, doubling, at most 30 s) until the database answers."""
    delay = FIRST_BACKOFF_SECONDS
    while True:
        sleep(delay)
        if database_answers():
            return
        delay = min(delay * 2, LONGEST_BACKOFF_SECONDS)
        logger.warning("worker: database still unreachable", extra={"retry_in_seconds": delay})


def run_reconnecting(run: Callable[[], None], sleep: Callable[[float], None] = time.sleep) -> None:
    """Run ``run`` (a worker loop) until it returns; after a lost database, reconnect and run
    it again. Signals end it as they end the worker (``SystemExit`` passes through)."""
    while True:
        try:
            run()
            return
        except CONNECTION_ERRORS as error:
            logger.warning(
                "worker lost the database; reconnecting",
                extra={"error": f"{type(error).__name__}: {error}".strip()},
            )
        drop_connections()
        wait_for_database(sleep)
        logger.warning("worker reconnected to the database; carrying on")
