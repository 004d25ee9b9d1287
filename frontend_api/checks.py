"""System checks for the API's settings (registered in ``apps``)."""

from __future__ import annotations

from django.core import checks
from django.urls import NoReverseMatch

from .conf import api_settings
from .webhooks.checks import check_webhook_task_backend


def check_unknown_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A key of ``FRONTEND_API`` that is no setting (a typo) is a warning."""
    return api_settings.unknown_keys_warnings("frontend_api.W002")


def check_api_schema(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: the API's OpenAPI document builds without warnings.

    drf-spectacular's own deploy check builds a document of every DRF view of the project with
    the project's ``SPECTACULAR_SETTINGS`` (Wagtail's admin API included); this one builds the
    API's, with the API's settings, as its schema view serves it.
    """
    from drf_spectacular.checks import schema_check
    from drf_spectacular.settings import patched_settings

    from .api.openapi import schema_settings

    try:
        own = schema_settings()
    except NoReverseMatch:  # the host has not mounted the API: there is no document to check
        return []
    with patched_settings({**own, "ENABLE_DJANGO_DEPLOY_CHECK": True}):
        return schema_check(app_configs)


def check_stored_origin(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """``migrate`` and ``check --database default``: the stored articles were composed on
    today's ``PUBLIC_BASE_URL``, in today's shape of the document (a database check: it reads
    one stored row)."""
    if not databases or "default" not in databases:
        return []
    from .store.origin import RECOMPOSE, origin_mismatch, outdated_shape

    problems = [problem for problem in (origin_mismatch(), outdated_shape()) if problem]
    return [checks.Warning(p, hint=f"Run {RECOMPOSE}.", id="frontend_api.W003") for p in problems]


def check_worker_command(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``manage.py db_worker`` is the API's, which reconnects after a database restart.

    It has the name of django-tasks-db's worker (the Procfile and operators' units call it so);
    Django runs the command of the app listed first, so the order of ``INSTALLED_APPS`` decides.
    """
    from django.core.management import get_commands

    owner = get_commands().get("db_worker")
    if owner in (None, "frontend_api"):
        return []
    return [
        checks.Warning(
            f"manage.py db_worker runs {owner}'s worker, which exits when the database "
            "restarts, instead of frontend_api's, which reconnects.",
            hint="List 'frontend_api' before 'django_tasks_db' in INSTALLED_APPS.",
            obj="INSTALLED_APPS",
            id="frontend_api.W004",
        )
    ]


def register() -> None:
    """Register the checks (``FrontendApiConfig.ready``)."""
    for check in (check_unknown_settings, check_webhook_task_backend, check_worker_command):
        checks.register(check, checks.Tags.compatibility)
    checks.register(check_api_schema, checks.Tags.compatibility, deploy=True)
    checks.register(check_stored_origin, checks.Tags.database)
