"""django-tasks-db's ``db_worker``, surviving a database restart (``webhooks.reconnect``).

This app comes before ``django_tasks_db`` in ``INSTALLED_APPS``, so ``manage.py db_worker``
(the Procfile's ``worker``, ``make demo``'s) is this one; its options are the original's.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as TasksDbWorkerCommand

from ...webhooks.reconnect import run_reconnecting


class Command(TasksDbWorkerCommand):
    """``db_worker`` that backs off, reconnects and carries on after a lost database."""

    help = f"{TasksDbWorkerCommand.help} Survives a database restart: backs off and reconnects."

    def handle(self, *args, **options) -> None:
        if options.get("reload"):  # the autoreloader restarts its child itself
            return super().handle(*args, **options)
        return run_reconnecting(lambda: super(Command, self).handle(*args, **options))
