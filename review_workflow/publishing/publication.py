"""Publication records: what readers got, when, under which sign-off and disclaimer.

The publish service (``publishing.service``) calls these, in its transaction, with the proof
and the disclaimer version as arguments:

- ``record_publication`` stamps the review facts on the page (``last_reviewed`` and
  ``next_review_due`` from the sign-off, ``last_updated`` moved only when the signed content
  differs from the last one) and appends the publication record;
- ``resolve_rereview_requests`` and ``record_dependencies`` close the page's open re-review
  requests and record what its reviewed content was built from (``ReviewedDependency``), so a
  later change there asks for a new review.

Changes of what readers get that are not publications are recorded here too: ``reissue`` (a new
disclaimer version over the same signed content) and ``withdraw`` (unpublished, expired,
deleted, made private).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Subquery
from django.utils import timezone

from ..conf import FLAG
from ..models import ArticlePublication, ReReviewRequest, ReviewedDependency, TranslationPolicy
from ..records import audit
from ..records.translations import OutdatedTranslation
from .guard import SignedVersion


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


@dataclass(frozen=True)
class History:
    """What the page's earlier records say: the next version number, and the last signed
    content readers got (its fingerprint and ``last_updated``), if any. For an original (its
    ``translation_key`` given), also the newest record of each of its live translations and
    the site's translation policy, read in the same query: which translations a new version
    leaves following an older one, and what readers then get of them."""

    next_version: int
    last_fingerprint: str | None
    last_updated: date | None
    translations: tuple[TranslationState, ...] = ()
    translation_policy: str = FLAG

    @classmethod
    def of(cls, page_id: int, *, translation_key=None) -> History:
        mine = Q(page_id=page_id)
        records = ArticlePublication.objects.all()
        if translation_key is not None:
            mine |= Q(page__translation_key=translation_key, page__live=True)
            # What the site does with the translations a new version outdates, read with them.
            records = records.annotate(policy=_translation_policy_column())
        rows = list(
            records.filter(mine)
            .order_by("page_id", "-version")
            .values_list(
                "page_id",
                "version",
                "kind",
                "fingerprint",
                "last_updated",
                "original_publication__page_id",
                "original_publication__version",
                "original_fingerprint",
                *(("policy",) if translation_key is not None else ()),
            )
        )
        own = [row[1:5] for row in rows if row[0] == page_id]
        signed = [row for row in own if row[1] != ArticlePublication.Kind.WITHDRAWN]
        newest: dict[int, tuple] = {}
        for row in rows:
            if row[0] != page_id:
                newest.setdefault(row[0], row)
        policy = rows[0][8] if rows and translation_key is not None else None
        return cls(
            next_version=own[0][0] + 1 if own else 1,
            last_fingerprint=signed[0][2] if signed else None,
            last_updated=signed[0][3] if signed else None,
            translations=tuple(
                TranslationState(row[0], row[2], row[5], row[6], row[7]) for row in newest.values()
            ),
            translation_policy=policy or FLAG,
        )

    def translations_outdated_by(self, publication) -> list[OutdatedTranslation]:
        """The live translations that follow a version of this page with other content than
        ``publication`` (its new version)."""
        return [
            OutdatedTranslation(state.page_id, state.followed_version)
            for state in self.translations
            if state.follows(publication)
        ]


def _translation_policy_column() -> Subquery:
    """The default site's ``TranslationPolicy`` (``translation_policy()``), as a column."""
    setting = TranslationPolicy.objects.filter(site__is_default_site=True)
    return Subquery(setting.values("outdated_translations")[:1])


@dataclass(frozen=True)
class TranslationState:
    """A live translation's newest record: what it follows of its original, if anything."""

    page_id: int
    kind: str
    original_page_id: int | None
    followed_version: int | None
    followed_fingerprint: str

    def follows(self, publication) -> bool:
        """Whether it follows an older version of ``publication``'s page, with other content."""
        return (
            self.kind != ArticlePublication.Kind.WITHDRAWN
            and self.original_page_id == publication.page_id
            and self.followed_version is not None
            and self.followed_version < publication.version
            and self.followed_fingerprint != publication.fingerprint
        )


def stamp_review_facts(
    page, signed: SignedVersion, history: History, *, row_saved: bool
) -> dict[str, date | None]:
    """Set the review facts of this publication on ``page``; on its row too (one UPDATE, no
    revision) when the row was saved already, else the caller's save writes them."""
    facts: dict[str, date | None] = review_dates(page, signed.sign_off)
    unchanged = history.last_fingerprint == signed.fingerprint
    # New content is dated by the sign-off that approved it (the day of publishing, except
    # for a past review imported with its own date).
    facts["last_updated"] = history.last_updated if unchanged else facts["last_reviewed"]
    if row_saved:
        type(page)._base_manager.filter(pk=page.pk).update(**facts)
    for name, value in facts.items():
        setattr(page, name, value)
    return facts


def record_publication(
    page,
    revision,
    signed: SignedVersion,
    *,
    disclaimer,
    row_saved: bool,
    user=None,
    actor: str = audit.SCRIPT,
    history: History | None = None,
):
    """Stamp the review facts and append the publication record of ``revision`` going live
    with ``signed`` as its proof and ``disclaimer`` (a disclaimer version, or None) shown;
    ``user`` published it (else the system job ``actor``). ``history``: the page's, when the
    caller has read it (``History.of``)."""
    history = history if history is not None else History.of(page.pk)
    facts = stamp_review_facts(page, signed, history, row_saved=row_saved)
    publication = ArticlePublication.objects.create(
        page_id=page.pk,
        kind=ArticlePublication.Kind.PUBLISHED,
        revision_id=revision.pk,
        sign_off=signed.sign_off,
        fingerprint=signed.fingerprint,
        disclaimer_version_id=disclaimer.pk if disclaimer is not None else None,
        version=history.next_version,
        # The language of what goes live and, for a translation, the original's version it
        # follows: the sign-off's (a translation follows what its reviewer signed against).
        locale=signed.sign_off.locale,
        original_publication_id=signed.sign_off.original_publication_id,
        original_fingerprint=signed.sign_off.original_fingerprint,
        published_at=timezone.now(),
        **facts,
    )
    audit_record(publication, user=user, actor=actor)
    return publication


def audit_record(publication, *, user=None, actor: str = audit.STORE) -> None:
    """Append a publication record (published, reissued, withdrawn) to the audit chain, made
    by ``user`` or else the system job ``actor`` (reissues and withdrawals: the store's)."""
    data = {
        "publication_id": publication.pk,
        "version": publication.version,
        "revision_id": publication.revision_id,
        "sign_off_id": publication.sign_off_id,
        "fingerprint": publication.fingerprint,
        "disclaimer_version_id": publication.disclaimer_version_id,
        "reason": publication.reason,
        "at": publication.published_at.isoformat(),
        "locale": publication.locale,
        "original_publication_id": publication.original_publication_id,
        "original_fingerprint": publication.original_fingerprint,
    }
    audit.append(publication.kind, page_id=publication.page_id, data=data, user=user, actor=actor)


def resolve_rereview_requests(page_id: int, publication) -> int:
    """A new signed publication answers every open re-review request of the page."""
    return (
        ReReviewRequest.objects.open()
        .filter(page_id=page_id)
        .update(resolved_at=timezone.now(), resolved_by_publication_id=publication.pk)
    )


def record_dependencies(page) -> None:
    """Replace the page's reviewed dependencies with those of the version now live."""
    wanted = {
        (ContentType.objects.get_for_model(obj).pk, str(obj.pk))
        for obj in page.get_reviewed_dependencies()
        if obj is not None and obj.pk is not None
    }
    recorded = ReviewedDependency.objects.filter(page_id=page.pk)
    if set(recorded.values_list("content_type_id", "object_id")) == wanted:
        return
    recorded.delete()
    ReviewedDependency.objects.bulk_create(
        [
            ReviewedDependency(page_id=page.pk, content_type_id=type_id, object_id=object_id)
            for type_id, object_id in wanted
        ]
    )


def signed_publications(page_ids: Iterable[int]) -> dict[int, object]:
    """The newest record carrying signed content (published or reissued) of each page, with
    its sign-off: what readers get for the page when it is served."""
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


def _latest(page_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """The newest record's version and kind of each page that has records."""
    rows = (
        ArticlePublication.objects.filter(page_id__in=list(page_ids))
        .order_by("page_id", "-version")
        .values_list("page_id", "version", "kind")
    )
    latest: dict[int, tuple[int, str]] = {}
    for page_id, version, kind in rows:
        latest.setdefault(page_id, (version, kind))
    return latest


def _languages(page_ids: Iterable[int]) -> dict[int, str]:
    """The language code of each page's locale (pages deleted since are left out)."""
    from wagtail.models import Page

    ids = list(page_ids)
    if not ids:
        return {}
    return dict(Page.objects.filter(pk__in=ids).values_list("pk", "locale__language_code"))


def _next_versions(page_ids: Iterable[int]) -> dict[int, int]:
    return {page_id: version + 1 for page_id, (version, _) in _latest(page_ids).items()}


def reissue(
    publications: dict[int, object],
    *,
    disclaimer_version_id: int,
    reason: str,
    sign_off=None,
) -> dict[int, object]:
    """Append a ``reissued`` record per page: the signed content of ``publications[page_id]``
    served (again) with this disclaimer version (and, for a corrected sign-off, under the
    correcting record). Returns the new records by page id."""
    now = timezone.now()
    versions = _next_versions(publications)
    records = [
        ArticlePublication(
            page_id=page_id,
            kind=ArticlePublication.Kind.REISSUED,
            revision_id=base.revision_id,
            sign_off_id=sign_off.pk if sign_off is not None else base.sign_off_id,
            fingerprint=base.fingerprint,
            disclaimer_version_id=disclaimer_version_id,
            reason=reason[:255],
            version=versions.get(page_id, 1),
            published_at=now,
            last_updated=base.last_updated,
            last_reviewed=base.last_reviewed,
            next_review_due=base.next_review_due,
            locale=base.locale,
            original_publication_id=base.original_publication_id,
            original_fingerprint=base.original_fingerprint,
        )
        for page_id, base in publications.items()
    ]
    created = ArticlePublication.objects.bulk_create(records)
    for record in created:
        audit_record(record)
    return {record.page_id: record for record in created}


def withdraw(page_ids: Iterable[int], *, reason: str, at: datetime | None = None) -> list[int]:
    """Append a ``withdrawn`` record for each page: from ``at`` (default now) readers get
    nothing. Pages never published, or already withdrawn, get none. Returns the pages that
    got one."""
    withdrawn = ArticlePublication.Kind.WITHDRAWN
    latest = {
        page_id: (version, kind)
        for page_id, (version, kind) in _latest(page_ids).items()
        if kind != withdrawn
    }
    languages = _languages(latest)
    records = [
        ArticlePublication(
            page_id=page_id,
            kind=withdrawn,
            reason=reason[:255],
            version=version + 1,
            published_at=at or timezone.now(),
            **({"locale": languages[page_id]} if page_id in languages else {}),
        )
        for page_id, (version, kind) in latest.items()
    ]
    created = ArticlePublication.objects.bulk_create(records)
    for record in created:
        audit_record(record)
    return [record.page_id for record in created]
