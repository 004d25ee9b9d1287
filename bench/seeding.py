"""Seed many synthetic, signed-off, published, searchable treatment articles quickly.

``add_child`` and ``save_revision().publish()`` cost tens of queries per page, which is hours at
100,000 articles. This module writes the same rows in bulk instead: it computes treebeard paths
itself, bulk-inserts pages, their article rows and revisions, records the review app's approved
sign-offs and publications, and indexes the batch through Wagtail's search backend. The result
is what the product would hold after editors wrote and reviewers signed off each article: the
fingerprint of every sign-off is the real digest of the article's reviewed content, and each
article's stored documents are composed by the published-article store from that sign-off.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from demo.loader import (
    DEMO_USERS,
    DemoReport,
    ensure_home,
    ensure_source,
    ensure_user,
)
from frontend_api.store.writer import store_publications
from health_content.models import (
    Disclaimer,
    HealthCenterPage,
    TreatmentArticlePage,
)
from health_content.rendering import render_article
from review_workflow.publishing.publication import add_months
from review_workflow.rules.fingerprint import digest

from . import corpus
from .signoffs import SignOffRecorder

# Distinct bodies per condition: enough variety for realistic sizes and search results, few
# enough that each is rendered (for its fingerprint) only once.
VARIANTS_PER_CONDITION = 3
RELATED_PER_CENTER = 3
DEFAULT_BATCH_SIZE = 500
# Sign-off dates are spread over this many days before now, so review-date filters select.
REVIEW_SPREAD_DAYS = 300
PUBLISHED_AFTER_SIGN_OFF = timedelta(hours=1)

Progress = Callable[[int, int], None]
BODY_FIELD = TreatmentArticlePage._meta.get_field("body")
REFERENCES_FIELD = TreatmentArticlePage._meta.get_field("references")


@dataclass
class SeedReport:
    """What one seeding run created."""

    created: int = 0
    centers: list[str] = field(default_factory=list)
    templates: int = 0


@dataclass
class _Center:
    """A health center being filled, with the next free child position in the page tree."""

    page: HealthCenterPage
    templates: list[corpus.ArticleTemplate]
    next_position: int
    related_ids: list[int]


@dataclass
class SeededArticle:
    """An article being seeded, with what its sign-off records: content, fingerprint, time."""

    article: TreatmentArticlePage
    reviewed_content: dict
    fingerprint: str
    signed_at: datetime
    revision: Revision | None = None


@dataclass(frozen=True)
class _Planned:
    """One article to create: where it goes, which body it gets, its unique serial."""

    center: _Center
    template: corpus.ArticleTemplate
    serial: int


class ArticleSeeder:
    """Creates ``count`` articles in batches; call :meth:`run`."""

    def __init__(self, *, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None):
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total: None)
        self.now = timezone.now()
        self._rendered: dict[tuple, dict] = {}
        self._streams: dict[tuple, tuple] = {}

    def run(self, count: int) -> SeedReport:
        """Create ``count`` new live, signed-off articles spread over the synthetic centers."""
        self._prepare()
        report = SeedReport(centers=[c.page.title for c in self.centers])
        report.templates = sum(len(c.templates) for c in self.centers)
        plan = self._plan(count)
        done = 0
        self.progress(0, count)
        # Articles that others link to as "related" must be live before those links render.
        anchors, rest = self._split_anchors(plan)
        for batch in [anchors, *_chunks(rest, self.batch_size)]:
            if not batch:
                continue
            self._create_batch(batch)
            done += len(batch)
            self.progress(done, count)
            if batch is anchors:
                self._load_related_ids()
        report.created = done
        _refresh_planner_statistics()
        return report

    # Preparation -------------------------------------------------------------------------

    def _prepare(self) -> None:
        demo_report = DemoReport()
        users = {spec.username: ensure_user(spec, demo_report) for spec in DEMO_USERS}
        self.editor = users["editor"]
        self.signoffs = SignOffRecorder(reviewer=users["reviewer"])
        self.home = ensure_home(demo_report)
        self.source = ensure_source()
        self.disclaimer_version = Disclaimer.site_default().current_version()
        self.article_type = ContentType.objects.get_for_model(TreatmentArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.centers = [self._center(spec) for spec in corpus.CENTERS]
        self._load_related_ids()

    def _center(self, spec: corpus.CenterSpec) -> _Center:
        page = HealthCenterPage.objects.child_of(self.home).filter(slug=spec.slug).first()
        if page is None:
            page = HealthCenterPage(title=spec.title, slug=spec.slug, intro=spec.intro)
            self.home.add_child(instance=page)
            page.save_revision().publish()
        last_child = (
            Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        next_position = Page._str2int(last_child[-Page.steplen :]) + 1 if last_child else 1
        templates = corpus.templates_for(spec, VARIANTS_PER_CONDITION)
        return _Center(page=page, templates=templates, next_position=next_position, related_ids=[])

    def _load_related_ids(self) -> None:
        for center in self.centers:
            center.related_ids = list(
                TreatmentArticlePage.objects.child_of(center.page)
                .live()
                .order_by("path")
                .values_list("pk", flat=True)[:RELATED_PER_CENTER]
            )

    def _plan(self, count: int) -> list[_Planned]:
        first_serial = TreatmentArticlePage.objects.count() + 1
        rounds = itertools.cycle(range(len(self.centers)))
        plan = []
        for offset in range(count):
            center = self.centers[next(rounds)]
            template = center.templates[(offset // len(self.centers)) % len(center.templates)]
            plan.append(_Planned(center, template, first_serial + offset))
        return plan

    def _split_anchors(self, plan: list[_Planned]) -> tuple[list[_Planned], list[_Planned]]:
        missing = {id(c): RELATED_PER_CENTER - len(c.related_ids) for c in self.centers}
        anchors, rest = [], []
        for item in plan:
            if missing[id(item.center)] > 0:
                missing[id(item.center)] -= 1
                anchors.append(item)
            else:
                rest.append(item)
        return anchors, rest

    # One batch ---------------------------------------------------------------------------

    @transaction.atomic
    def _create_batch(self, batch: list[_Planned]) -> None:
        pages = Page.objects.bulk_create([self._page_row(item) for item in batch])
        seeded = [self._article(item, page) for item, page in zip(batch, pages, strict=True)]
        articles = [entry.article for entry in seeded]
        _insert_article_rows(articles)
        revisions = Revision.objects.bulk_create([self._revision(article) for article in articles])
        for entry, revision in zip(seeded, revisions, strict=True):
            entry.revision = revision
            entry.article.latest_revision_id = entry.article.live_revision_id = revision.pk
        Page.objects.bulk_update(
            articles, ["latest_revision", "live_revision"], batch_size=self.batch_size
        )
        publications = self.signoffs.record(seeded, disclaimer_version=self.disclaimer_version)
        self._count_children(batch)
        store_publications(publications, reason="seeded")
        with _searchable_content_once_per_stream():
            get_search_backend().add_bulk(TreatmentArticlePage, articles)

    def _page_row(self, item: _Planned) -> Page:
        center = item.center
        slug = item.template.slug(item.serial)
        path = Page._get_path(center.page.path, center.page.depth + 1, center.next_position)
        center.next_position += 1
        published_at = self.signed_at(item.serial) + PUBLISHED_AFTER_SIGN_OFF
        return Page(
            path=path,
            depth=center.page.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale_id=center.page.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at - timedelta(days=1),
            title=item.template.title,
            draft_title=item.template.title,
            slug=slug,
            content_type=self.article_type,
            url_path=f"{center.page.url_path}{slug}/",
            owner=self.editor,
        )

    def _article(self, item: _Planned, page: Page) -> SeededArticle:
        template = item.template
        related = [pk for pk in item.center.related_ids if pk != page.pk]
        article = TreatmentArticlePage(
            **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields},
            page_ptr_id=page.pk,
            summary=template.summary,
            condition=template.condition,
            body=self._stream_values(template, related)[0],
            references=self._stream_values(template, related)[1],
            source=self.source,
        )
        content = self._reviewed_content(article, template, related)
        signed_at = self.signed_at(item.serial)
        # As review_workflow.publishing.publication stamps them: dates from the sign-off's UTC day.
        reviewed_on = signed_at.astimezone(UTC).date()
        article.last_reviewed = article.last_updated = reviewed_on
        article.next_review_due = add_months(reviewed_on, item.center.page.review_interval_months)
        return SeededArticle(article, content, digest(content), signed_at)

    def signed_at(self, serial: int) -> datetime:
        """When the article's sign-off happened: spread over the last months, by serial."""
        return self.now - timedelta(days=serial % REVIEW_SPREAD_DAYS, hours=2)

    def _stream_values(self, template, related: list[int]) -> tuple:
        # Articles with the same body share one StreamValue whose blocks are already converted:
        # search indexing then reads it without a related-pages query per article.
        key = (template.number, tuple(related))
        if key not in self._streams:
            body = BODY_FIELD.to_python(template.body_with_related(related))
            references = REFERENCES_FIELD.to_python(template.references)
            list(body), list(references)  # convert every block once, now
            self._streams[key] = (body, references)
        return self._streams[key]

    def _reviewed_content(self, article, template, related: list[int]) -> dict:
        # Rendering is the expensive part (rich text, related links): do it once per distinct
        # body, then swap in the fields that differ from article to article.
        key = (template.number, tuple(related))
        if key not in self._rendered:
            self._rendered[key] = render_article(article)
        return {
            **self._rendered[key],
            "id": article.pk,
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "condition": article.condition,
        }

    def _revision(self, article: TreatmentArticlePage) -> Revision:
        return Revision(
            content_type_id=self.article_type.pk,
            base_content_type_id=self.page_type.pk,
            object_id=str(article.pk),
            created_at=article.latest_revision_created_at,
            user=self.editor,
            object_str=article.title,
            content=article.serializable_data(),
        )

    def _count_children(self, batch: list[_Planned]) -> None:
        for center in {id(item.center): item.center for item in batch}.values():
            added = sum(1 for item in batch if item.center is center)
            center.page.numchild += added
            Page.objects.filter(pk=center.page.pk).update(numchild=center.page.numchild)


def seed_articles(
    count: int, *, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None
) -> SeedReport:
    """Create ``count`` synthetic, signed-off, published and indexed treatment articles."""
    return ArticleSeeder(batch_size=batch_size, progress=progress).run(count)


def _insert_article_rows(articles: list[TreatmentArticlePage]) -> None:
    """Insert only the article table's rows; the page rows exist already.

    ``bulk_create`` refuses multi-table inheritance, so this does what ``save_base`` does for
    a child table, for many rows per statement.
    """
    fields = TreatmentArticlePage._meta.local_concrete_fields
    size = max(1, connection.ops.bulk_batch_size(fields, articles) or len(articles))
    manager = TreatmentArticlePage._base_manager
    for chunk in _chunks(articles, size):
        manager._insert(chunk, fields=fields, using=manager.db)


@contextmanager
def _searchable_content_once_per_stream() -> Iterator[None]:
    """While indexing a batch, extract a shared StreamValue's searchable text only once.

    Articles with the same body share one StreamValue (``_stream_values``), so its text is the
    same for each; re-parsing its rich text per article was two thirds of seeding time. The
    search backend itself is used unchanged, so index rows are what ``update_index`` writes.
    """
    original = StreamField.get_searchable_content
    texts: dict[tuple[int, int], tuple] = {}

    def once(field, value):
        key = (id(field), id(value))
        if key not in texts:
            texts[key] = (value, original(field, value))  # keeps ``value`` alive: ids stay unique
        return texts[key][1]

    StreamField.get_searchable_content = once
    try:
        yield
    finally:
        StreamField.get_searchable_content = original


def _refresh_planner_statistics() -> None:
    # After a bulk load PostgreSQL's statistics still describe the empty tables, and its plans
    # for the API's queries would be those of an empty site until autovacuum catches up.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["ArticleSeeder", "SeedReport", "seed_articles"]
