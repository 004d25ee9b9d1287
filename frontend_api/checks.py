"""System checks for the API's settings (registered in ``apps``)."""

from __future__ import annotations

from django.core import checks

from .conf import api_settings
from .webhooks.checks import check_webhook_task_backend


def check_unknown_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A key of ``FRONTEND_API`` that is no setting (a typo) is a warning."""
    return api_settings.unknown_keys_warnings("frontend_api.W002")


def register() -> None:
    """Register the checks (``FrontendApiConfig.ready``)."""
    for check in (check_unknown_settings, check_webhook_task_backend):
        checks.register(check, checks.Tags.compatibility)
