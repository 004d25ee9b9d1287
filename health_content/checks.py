"""System checks for health content's settings (registered in ``apps``)."""

from __future__ import annotations

from django.core import checks

from .conf import content_settings


def check_unknown_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A key of ``HEALTH_CONTENT`` that is no setting (a typo) is a warning."""
    return content_settings.unknown_keys_warnings("health_content.W001")


def register() -> None:
    """Register the checks (``HealthContentConfig.ready``)."""
    checks.register(check_unknown_settings, checks.Tags.compatibility)
