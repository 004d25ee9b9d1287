"""Review facts as plain, frozen data, for the API's history and preview.

Every function is a bounded number of queries whatever the number of pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F
from wagtail.models import WorkflowState

from ..models import ArticlePublication, MedicalSignOff
from ..rules.review_status import (
    APPROVED_NOT_PUBLISHED,
    CHANGES_REQUESTED,
    IN_REVIEW,
    NOT_SUBMITTED,
    PUBLISHED,
)


@dataclass(frozen=True)
class ReviewerFacts:
    """Who signed off, as recorded at sign-off time (never the live user row)."""

    name: str
    credentials: str


@dataclass(frozen=True)
class SignOffFacts:
    """An approved medical sign-off of one revision."""

    sign_off_id: int
    revision_id: int
    reviewer: ReviewerFacts
    signed_at: datetime


@dataclass(frozen=True)
class PublishedVersion:
    """One publication of a page, for its public version history."""

    version: int
    kind: str
    revision_id: int
    published_at: datetime
    last_updated: date | None
    last_reviewed: date | None
    reviewer: ReviewerFacts | None
    signed_at: datetime | None


SIGN_OFF_FACT_FIELDS = (
    "id",
    "page_id",
    "revision_id",
    "signed_at",
    "reviewer_name",
    "reviewer_credentials",
)


def _reviewer(sign_off: MedicalSignOff) -> ReviewerFacts:
    return ReviewerFacts(name=sign_off.reviewer_name, credentials=sign_off.reviewer_credentials)


def live_sign_offs(page_ids: Iterable[int]) -> dict[int, SignOffFacts]:
    """The approved sign-off of each live page's live revision, keyed by page id (one query)."""
    rows = (
        MedicalSignOff.objects.approved()
        .filter(page_id__in=list(page_ids), page__live=True)
        .filter(revision_id=F("page__live_revision_id"))
        .order_by("page_id", "-signed_at", "-pk")
        # Plain tuples: lists call this for up to 100 pages, and model instances (with the
        # signed-off content snapshot) would cost more than the query.
        .values_list(*SIGN_OFF_FACT_FIELDS)
    )
    facts: dict[int, SignOffFacts] = {}
    for sign_off_id, page_id, revision_id, signed_at, name, credentials in rows:
        if page_id not in facts:
            facts[page_id] = SignOffFacts(
                sign_off_id=sign_off_id,
                revision_id=revision_id,
                reviewer=ReviewerFacts(name=name, credentials=credentials),
                signed_at=signed_at,
            )
    return facts


def live_sign_off(page) -> SignOffFacts | None:
    """The approved sign-off of the page's live revision, or None if it has none."""
    return live_sign_offs([page.pk]).get(page.pk)


def published_versions(page_id: int) -> list[PublishedVersion]:
    """Every version readers got of the page (published or reissued), newest first (one
    query); withdrawals are left out."""
    publications = (
        ArticlePublication.objects.filter(page_id=page_id)
        .exclude(kind=ArticlePublication.Kind.WITHDRAWN)
        .select_related("sign_off")
        .order_by("-version")
    )
    return [
        PublishedVersion(
            version=publication.version,
            kind=publication.kind,
            revision_id=publication.revision_id,
            published_at=publication.published_at,
            last_updated=publication.last_updated,
            last_reviewed=publication.last_reviewed,
            reviewer=_reviewer(publication.sign_off),
            signed_at=publication.sign_off.signed_at,
        )
        for publication in publications
    ]


def draft_review_status(page) -> str:
    """For the latest revision: 'not submitted' | 'in medical review' | 'changes requested' |
    'approved, not yet published' | 'published' (latest revision is live and signed off)."""
    latest = page.latest_revision_id
    if page.live and latest and page.live_revision_id == latest and live_sign_off(page):
        return PUBLISHED
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    decision = (
        MedicalSignOff.objects.filter(revision_id=latest).values_list("decision", flat=True).first()
        if latest
        else None
    )
    if decision == MedicalSignOff.Decision.APPROVED:
        return APPROVED_NOT_PUBLISHED
    if decision == MedicalSignOff.Decision.CHANGES_REQUESTED:
        return CHANGES_REQUESTED
    return NOT_SUBMITTED


def live_signed_version(page_id: int) -> ArticlePublication | None:
    """The publication readers get for the page now, with its sign-off (whose snapshot is the
    signed reviewed content), or None when nothing signed is live (a first publication, or
    the article was withdrawn)."""
    latest = (
        ArticlePublication.objects.filter(page_id=page_id)
        .select_related("sign_off")
        .order_by("-version")
        .first()
    )
    if latest is None or latest.is_withdrawal or latest.sign_off_id is None:
        return None
    return latest
