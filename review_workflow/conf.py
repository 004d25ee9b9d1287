"""The medical review's own settings, read from ``settings.REVIEW_WORKFLOW`` with defaults.

Read on every use (not cached at import) so ``override_settings`` works in tests, the way
django-filter's ``conf`` does. One convention for every app of the plugin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # How long a sign-off stays current when the article's parent sets no interval, in months.
    "DEFAULT_INTERVAL_MONTHS": 12,
    # A review is "due soon" this many days before ``next_review_due``.
    "DUE_SOON_DAYS": 30,
    # What readers get of an article overdue for review by more than the grace days:
    # "flag" (served, review_status "overdue"), "noindex" (served, X-Robots-Tag: noindex and
    # no lastReviewed claim in its JSON-LD) or "withdraw" (not served until reviewed again).
    "OVERDUE_POLICY": "flag",
    "OVERDUE_GRACE_DAYS": 30,
}
OVERDUE_POLICIES = ("flag", "noindex", "withdraw")


def review_setting(name: str) -> Any:
    """One review setting: the project's value if it set one, else the default."""
    configured = getattr(settings, "REVIEW_WORKFLOW", {}) or {}
    if name in configured:
        return configured[name]
    return DEFAULTS[name]
