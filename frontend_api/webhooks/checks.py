"""System check: the delivery task needs a configured, database-backed task backend
(registered with the API's other checks, ``frontend_api.checks``)."""

from __future__ import annotations

from django.core import checks

from ..conf import api_settings


def check_webhook_task_backend(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``WEBHOOK_TASK_BACKEND`` names a backend of ``TASKS`` (error), a database one (warning)."""
    from django_tasks import task_backends
    from django_tasks.exceptions import InvalidTaskBackendError
    from django_tasks_db import DatabaseBackend

    alias = api_settings.WEBHOOK_TASK_BACKEND
    try:
        backend = task_backends[alias]
    except InvalidTaskBackendError:
        return [
            checks.Error(
                f"TASKS has no backend {alias!r} for webhook deliveries.",
                hint="Add it: TASKS['webhooks'] = {'BACKEND': 'django_tasks_db.DatabaseBackend'}"
                " (or name another alias in FRONTEND_API['WEBHOOK_TASK_BACKEND']).",
                id="frontend_api.E001",
            )
        ]
    if not isinstance(backend, DatabaseBackend):
        return [
            checks.Warning(
                f"Webhook deliveries run on {type(backend).__name__}, not a database backend: "
                "they are queued after the commit, and a crash in between delays them until "
                "the scheduler's requeue_webhooks.",
                id="frontend_api.W001",
            )
        ]
    return []
