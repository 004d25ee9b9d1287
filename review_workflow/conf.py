"""The plugin's settings convention, and the medical review's own settings.

Each app of the plugin reads one dict from the project's settings (``REVIEW_WORKFLOW``,
``FRONTEND_API``, ``HEALTH_CONTENT``) through one ``AppSettings`` object with its defaults in
one place, the way DRF's ``api_settings`` and wagtail-headless-preview's settings do: values are
attributes (``review_settings.OVERDUE_POLICY``), cached, and reloaded when ``override_settings``
(or pytest-django's ``settings`` fixture) changes the dict. The apps' system checks
(``checks``) refuse values the code cannot honour.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.signals import setting_changed

FLAG, NOINDEX, WITHDRAW = "flag", "noindex", "withdraw"
OVERDUE_POLICIES = (FLAG, NOINDEX, WITHDRAW)
# The same three choices for outdated translations, a site setting (``TranslationPolicy``).
TRANSLATION_POLICIES = (FLAG, NOINDEX, WITHDRAW)


class AppSettings:
    """One app's settings: the project's ``settings.<setting_name>`` dict over the defaults.

    Reading a name the defaults do not have is an ``AttributeError`` (a typo in code fails at
    once); a key the project sets that the defaults do not have is reported by ``unknown()``
    for the app's system check (a typo in settings is a warning, not silently ignored).
    """

    def __init__(self, setting_name: str, defaults: Mapping[str, Any]) -> None:
        self.setting_name = setting_name
        self.defaults = dict(defaults)
        self._cache: dict[str, Any] = {}
        setting_changed.connect(self._reload, weak=False)

    @property
    def configured(self) -> dict[str, Any]:
        """What the project set, as it set it."""
        return getattr(settings, self.setting_name, None) or {}

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not attributes: the settings themselves.
        if name.startswith("_") or name not in self.defaults:
            raise AttributeError(f"{self.setting_name} has no setting {name!r}.")
        if name not in self._cache:
            self._cache[name] = self.configured.get(name, self.defaults[name])
        return self._cache[name]

    def unknown(self) -> list[str]:
        """Keys the project set that no setting of this app has (typos, removed settings)."""
        return sorted(set(self.configured) - set(self.defaults))

    def unknown_keys_warnings(self, check_id: str) -> list[checks.CheckMessage]:
        """The system check every app runs on its dict: one warning per unknown key."""
        return [
            checks.Warning(
                f"{self.setting_name} has no setting {key!r}; it is ignored.",
                hint=f"Known settings: {', '.join(sorted(self.defaults))}.",
                obj=self.setting_name,
                id=check_id,
            )
            for key in self.unknown()
        ]

    def _reload(self, *, setting: str, **kwargs) -> None:
        if setting == self.setting_name:
            self._cache.clear()


review_settings = AppSettings(
    "REVIEW_WORKFLOW",
    {
        # How long a sign-off stays current when the article's parent sets no interval, months.
        "DEFAULT_INTERVAL_MONTHS": 12,
        # A review is "due soon" this many days before ``next_review_due``.
        "DUE_SOON_DAYS": 30,
        # What readers get of an article overdue for review by more than the grace days:
        # "flag" (served, review_status "overdue"), "noindex" (served, X-Robots-Tag: noindex and
        # no lastReviewed claim in its JSON-LD) or "withdraw" (not served until reviewed again).
        # Any other value is a system check error (review_workflow.E001).
        "OVERDUE_POLICY": FLAG,
        "OVERDUE_GRACE_DAYS": 30,
        # The HMAC-SHA256 key that signs the audit chain's checkpoints (exports and the
        # published head). Keep it outside the database server (docs/operations.md); empty:
        # derived from SECRET_KEY, for development only (check review_workflow.W004).
        "AUDIT_CHECKPOINT_KEY": "",
    },
)
