"""What happens when a signed-off revision goes live: review dates and the publication record.

Runs on Wagtail's ``page_published`` signal, after the guard has let the revision through, so
every publish path (workflow finish, admin, schedule, code) records the same facts. The
``last_updated`` stamp stays with ``health_content`` (it moves only when reader-visible content
changes); this module sets ``last_reviewed`` and ``next_review_due`` from the sign-off.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .fingerprint import fingerprint, requires_medical_review

REVIEW_DATE_FIELDS = ("last_reviewed", "next_review_due")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def review_interval_months(page) -> int:
    """Months a sign-off stays current: the parent's setting, else the site default."""
    parent = page.get_parent() if page.path else None
    interval = getattr(parent.specific, "review_interval_months", None) if parent else None
    return interval or getattr(settings, "REVIEW_WORKFLOW_DEFAULT_INTERVAL_MONTHS", 12)


def review_dates(page, sign_off) -> dict[str, date]:
    """``last_reviewed`` (the sign-off's UTC date) and ``next_review_due`` for the page."""
    reviewed = sign_off.signed_at.astimezone(UTC).date()
    return {
        "last_reviewed": reviewed,
        "next_review_due": add_months(reviewed, review_interval_months(page)),
    }


def record_publication(page, revision, sign_off):
    """Stamp the review dates on the page row and append the publication record."""
    from .models import ArticlePublication

    model = type(page)
    dates = {
        name: value for name, value in review_dates(page, sign_off).items() if hasattr(page, name)
    }
    model.objects.filter(pk=page.pk).update(**dates)
    for name, value in dates.items():
        setattr(page, name, value)
    stored = model.objects.filter(pk=page.pk).values(*dates, *_optional(page, "last_updated"))[0]
    previous = ArticlePublication.objects.filter(page_id=page.pk).order_by("-version").first()
    return ArticlePublication.objects.create(
        page_id=page.pk,
        revision_id=revision.pk,
        sign_off=sign_off,
        version=(previous.version + 1) if previous else 1,
        published_at=page.last_published_at or timezone.now(),
        last_updated=stored.get("last_updated"),
        last_reviewed=stored.get("last_reviewed"),
        next_review_due=stored.get("next_review_due"),
    )


def _optional(page, *names: str) -> list[str]:
    return [name for name in names if hasattr(page, name)]


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """``page_published`` receiver: record the publication of a reviewable page."""
    from .guard import approved_sign_off

    page = instance
    if revision is None or not requires_medical_review(page) or page.alias_of_id:
        return
    sign_off = approved_sign_off(revision.pk, fingerprint(page))
    if sign_off is None:
        return  # the guard refuses this case before the signal; nothing to record
    with transaction.atomic():
        record_publication(page, revision, sign_off)
