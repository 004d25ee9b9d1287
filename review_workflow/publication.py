"""What happens when a signed version goes live, in this order, in one transaction:

1. take the guard's proof (``guard.SignedVersion``: the sign-off covering exactly this content,
   rendered once by the guard; re-checked here only if the row save was bypassed);
2. stamp the review facts on the page row: ``last_reviewed`` and ``next_review_due`` from the
   sign-off, ``last_updated`` moved only when the signed content differs from the last one;
3. append the publication record (which revision, which sign-off, which disclaimer version);
4. resolve the page's open re-review requests and record what its reviewed content was built
   from (``ReviewedDependency``), so a later change there asks for a new review;
5. announce it (``signals.article_published``): the API app writes the stored document readers
   get, from the sign-off, in this same transaction.

``on_page_published`` is the one receiver of Wagtail's ``page_published`` for reviewed pages.
Changes of what readers get that are not publications are recorded here too: ``reissue`` (a new
disclaimer version over the same signed content) and ``withdraw`` (unpublished, expired,
deleted, made private).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .contract import is_medically_reviewed
from .guard import SignedVersion, signed_version
from .signals import article_published


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def review_dates(page, sign_off) -> dict[str, date]:
    """``last_reviewed`` (the sign-off's UTC date) and ``next_review_due`` for the page."""
    reviewed = sign_off.signed_at.astimezone(UTC).date()
    return {
        "last_reviewed": reviewed,
        "next_review_due": add_months(reviewed, page.get_review_interval_months()),
    }


def on_page_published(sender, instance, revision=None, alias=False, **kwargs) -> None:
    """``page_published`` receiver: record and announce the publication of a reviewed page.

    Aliases are not publications of their own (the API serves each article at its own path),
    and a page demoted to a draft by the guard (a copy "published" on creation) is not live.
    """
    if alias or revision is None or not instance.live or not is_medically_reviewed(instance):
        return
    with transaction.atomic():
        signed = _take_signed_version(instance, revision)
        publication = record_publication(instance, revision, signed)
        resolve_rereview_requests(instance.pk, publication)
        record_dependencies(instance)
        article_published.send(
            sender=type(instance), page=instance, publication=publication, sign_off=signed.sign_off
        )


def _take_signed_version(page, revision) -> SignedVersion:
    signed = page.__dict__.pop("signed_version", None)
    if signed is None or signed.revision_id != revision.pk:
        signed = signed_version(page)  # the live row was written without the guard's check
    return signed


def _previous_content(page_id: int) -> tuple[str, date | None] | None:
    from .models import ArticlePublication

    return (
        ArticlePublication.objects.filter(page_id=page_id)
        .exclude(kind=ArticlePublication.Kind.WITHDRAWN)
        .order_by("-version")
        .values_list("fingerprint", "last_updated")
        .first()
    )


def _next_version(page_id: int) -> int:
    from .models import ArticlePublication

    latest = ArticlePublication.objects.filter(page_id=page_id).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def stamp_review_facts(page, signed: SignedVersion) -> dict[str, date | None]:
    """Write the review facts of this publication on the page row (one UPDATE, no revision)."""
    facts: dict[str, date | None] = review_dates(page, signed.sign_off)
    previous = _previous_content(page.pk)
    unchanged = previous is not None and previous[0] == signed.fingerprint
    facts["last_updated"] = previous[1] if unchanged else timezone.now().astimezone(UTC).date()
    type(page)._base_manager.filter(pk=page.pk).update(**facts)
    for name, value in facts.items():
        setattr(page, name, value)
    return facts


def record_publication(page, revision, signed: SignedVersion):
    """Stamp the review facts and append the publication record."""
    from .models import ArticlePublication

    facts = stamp_review_facts(page, signed)
    disclaimer = page.get_disclaimer_version()
    return ArticlePublication.objects.create(
        page_id=page.pk,
        kind=ArticlePublication.Kind.PUBLISHED,
        revision_id=revision.pk,
        sign_off=signed.sign_off,
        fingerprint=signed.fingerprint,
        disclaimer_version_id=disclaimer.pk if disclaimer is not None else None,
        version=_next_version(page.pk),
        published_at=page.last_published_at or timezone.now(),
        **facts,
    )


def resolve_rereview_requests(page_id: int, publication) -> int:
    """A new signed publication answers every open re-review request of the page."""
    from .models import ReReviewRequest

    return (
        ReReviewRequest.objects.open()
        .filter(page_id=page_id)
        .update(resolved_at=timezone.now(), resolved_by_publication_id=publication.pk)
    )


def record_dependencies(page) -> None:
    """Replace the page's reviewed dependencies with those of the version now live."""
    from .models import ReviewedDependency

    ReviewedDependency.objects.filter(page_id=page.pk).delete()
    ReviewedDependency.objects.bulk_create(
        [
            ReviewedDependency(
                page_id=page.pk,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
            )
            for obj in dict.fromkeys(page.get_reviewed_dependencies())
            if obj is not None and obj.pk is not None
        ],
        ignore_conflicts=True,
    )


def signed_publications(page_ids: Iterable[int]) -> dict[int, object]:
    """The newest record carrying signed content (published or reissued) of each page, with
    its sign-off: what readers get for the page when it is served."""
    from .models import ArticlePublication

    latest: dict[int, object] = {}
    records = (
        ArticlePublication.objects.filter(page_id__in=list(page_ids))
        .exclude(kind=ArticlePublication.Kind.WITHDRAWN)
        .select_related("sign_off")
        .order_by("page_id", "-version")
    )
    for record in records:
        latest.setdefault(record.page_id, record)
    return latest


def _next_versions(page_ids: Iterable[int]) -> dict[int, int]:
    from .models import ArticlePublication

    rows = (
        ArticlePublication.objects.filter(page_id__in=list(page_ids))
        .values("page_id")
        .annotate(latest=Max("version"))
        .values_list("page_id", "latest")
    )
    return {page_id: latest + 1 for page_id, latest in rows}


def reissue(
    publications: dict[int, object], *, disclaimer_version_id: int, reason: str
) -> dict[int, object]:
    """Append a ``reissued`` record per page: the signed content of ``publications[page_id]``
    served (again) with this disclaimer version. Returns the new records by page id."""
    from .models import ArticlePublication

    now = timezone.now()
    versions = _next_versions(publications)
    records = [
        ArticlePublication(
            page_id=page_id,
            kind=ArticlePublication.Kind.REISSUED,
            revision_id=base.revision_id,
            sign_off_id=base.sign_off_id,
            fingerprint=base.fingerprint,
            disclaimer_version_id=disclaimer_version_id,
            reason=reason[:255],
            version=versions.get(page_id, 1),
            published_at=now,
            last_updated=base.last_updated,
            last_reviewed=base.last_reviewed,
            next_review_due=base.next_review_due,
        )
        for page_id, base in publications.items()
    ]
    return {record.page_id: record for record in ArticlePublication.objects.bulk_create(records)}


def withdraw(page_ids: Iterable[int], *, reason: str, at: datetime | None = None) -> int:
    """Append a ``withdrawn`` record for each page: from ``at`` (default now) readers get
    nothing. Pages never published get none."""
    from .models import ArticlePublication

    versions = _next_versions(page_ids)
    records = [
        ArticlePublication(
            page_id=page_id,
            kind=ArticlePublication.Kind.WITHDRAWN,
            reason=reason[:255],
            version=version,
            published_at=at or timezone.now(),
        )
        for page_id, version in versions.items()
    ]
    return len(ArticlePublication.objects.bulk_create(records))
