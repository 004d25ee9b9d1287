"""Seed many signed-off, published, searchable treatment articles through the importer.

The articles are a realistic library (``bench.library``: text with real English word
frequencies mixed with a medical vocabulary, each article written afresh), written as the
JSON Lines that ``manage.py import_articles`` reads and imported by it as drafts, in batches.
Then each batch is signed off and published in bulk: this module records the review app's
approved sign-offs and publications (``signoffs``), makes the pages live, has the
published-article store compose their documents from the sign-offs, and indexes them for
Wagtail's own search (which the comparison with API v2 searches). The result is what the
product would hold after reviewers signed off each article: the fingerprint of every sign-off
is the real digest of the article's reviewed content.

Per-article publishing through the publish service (``import_articles --with-sign-offs``)
makes the same rows one article at a time; at 100,000 articles that is hours, not minutes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from demo.loader import DEMO_USERS, DemoReport, ensure_home, ensure_user
from frontend_api.store.writer import store_publications
from health_content.importing import ArticleImporter, read_lines
from health_content.models import (
    Disclaimer,
    HealthCenterPage,
    ImportedArticle,
    TreatmentArticlePage,
)
from health_content.rendering import render_article
from review_workflow.publishing.publication import add_months
from review_workflow.rules.fingerprint import digest

from . import corpus, library
from .signoffs import SignOffRecorder

DEFAULT_BATCH_SIZE = 500
# Sign-off dates are spread over this many days before now, so review-date filters select.
REVIEW_SPREAD_DAYS = 300
PUBLISHED_AFTER_SIGN_OFF = timedelta(hours=1)
RELATED_PER_CENTER = library.RELATED_PER_CENTER

Progress = Callable[[int, int], None]


@dataclass
class SeedReport:
    """What one seeding run created, and how long each step took (seconds)."""

    created: int = 0
    centers: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class SeededArticle:
    """An article being published, with what its sign-off records: content, fingerprint, time."""

    article: TreatmentArticlePage
    reviewed_content: dict
    fingerprint: str
    signed_at: datetime
    revision: object | None = None


class ArticleSeeder:
    """Writes ``count`` library articles as JSON Lines, imports them, publishes them."""

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
        publish_progress: Progress | None = None,
    ):
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total: None)
        self.publish_progress = publish_progress or (lambda done, total: None)
        self.now = timezone.now()

    def run(self, count: int) -> SeedReport:
        """Create ``count`` new live, signed-off articles spread over the synthetic centers."""
        self._prepare()
        report = SeedReport(centers=[c.title for c in self.centers.values()])
        clock = _Clock(report.seconds)
        first_serial = _next_serial()
        planned = library.plan(count, first_serial)
        handle, path = tempfile.mkstemp(prefix="bench-library-", suffix=".jsonl")
        os.close(handle)
        try:
            with clock("write"):
                library.write_lines(
                    path, library.documents(planned, anchors=self._existing_anchors())
                )
            with clock("import"):
                imported = ArticleImporter(
                    user=self.editor, batch_size=self.batch_size, progress=self.progress
                ).run(read_lines(path), count)
        finally:
            os.unlink(path)
        if imported.bad_lines:
            raise ValueError(f"The importer refused seeded lines: {imported.bad_lines[:3]}")
        keys = [item.source_key for item in planned]
        with clock("publish"):
            report.created = self._publish(keys)
        with clock("analyze"):
            _refresh_planner_statistics()
        return report

    # Preparation -------------------------------------------------------------------------

    def _prepare(self) -> None:
        demo_report = DemoReport()
        users = {spec.username: ensure_user(spec, demo_report) for spec in DEMO_USERS}
        self.editor = users["editor"]
        self.signoffs = SignOffRecorder(reviewer=users["reviewer"])
        self.home = ensure_home(demo_report)
        self.disclaimer_version = Disclaimer.site_default().current_version()
        self.centers = {spec.slug: self._center(spec) for spec in corpus.CENTERS}

    def _center(self, spec: corpus.CenterSpec) -> HealthCenterPage:
        page = HealthCenterPage.objects.child_of(self.home).filter(slug=spec.slug).first()
        if page is None:
            page = HealthCenterPage(title=spec.title, slug=spec.slug, intro=spec.intro)
            self.home.add_child(instance=page)
            page.save_revision().publish()
        return page

    def _existing_anchors(self) -> dict[str, list[str]]:
        """The url paths of each center's first live articles, which new ones link to."""
        anchors = {}
        for slug, center in self.centers.items():
            slugs = (
                TreatmentArticlePage.objects.child_of(center)
                .live()
                .order_by("path")
                .values_list("slug", flat=True)[:RELATED_PER_CENTER]
            )
            anchors[slug] = [f"/{slug}/{article}/" for article in slugs]
        return anchors

    # Publishing ----------------------------------------------------------------------------

    def _publish(self, keys: list[str]) -> int:
        serials = {}
        for key, page_id in ImportedArticle.objects.filter(source_key__in=keys).values_list(
            "source_key", "page_id"
        ):
            serials[page_id] = int(key.rsplit("-", 1)[1])
        ids = sorted(serials)
        done = 0
        self.publish_progress(0, len(ids))
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            self._publish_batch(batch, serials)
            done += len(batch)
            self.publish_progress(done, len(ids))
        return done

    @transaction.atomic
    def _publish_batch(self, ids: list[int], serials: dict[int, int]) -> None:
        articles = list(
            TreatmentArticlePage.objects.filter(pk__in=ids).select_related("latest_revision")
        )
        for article in articles:
            signed_at = self.signed_at(serials[article.pk])
            published_at = signed_at + PUBLISHED_AFTER_SIGN_OFF
            reviewed_on = signed_at.astimezone(UTC).date()
            interval = self.centers[article.url_path.split("/")[-3]].review_interval_months
            article.live = True
            article.has_unpublished_changes = False
            article.live_revision_id = article.latest_revision_id
            article.first_published_at = article.last_published_at = published_at
            # As review_workflow.publishing.publication stamps them: from the sign-off's day.
            article.last_reviewed = article.last_updated = reviewed_on
            article.next_review_due = add_months(reviewed_on, interval)
        # Live first: related articles render only the live pages they link to.
        Page.objects.bulk_update(
            articles,
            ["live", "has_unpublished_changes", "live_revision", "first_published_at"]
            + ["last_published_at"],
        )
        TreatmentArticlePage.objects.bulk_update(
            articles, ["last_reviewed", "last_updated", "next_review_due"]
        )
        seeded = []
        for article in articles:
            content = render_article(article)
            seeded.append(
                SeededArticle(
                    article,
                    content,
                    digest(content),
                    self.signed_at(serials[article.pk]),
                    article.latest_revision,
                )
            )
        publications = self.signoffs.record(seeded, disclaimer_version=self.disclaimer_version)
        store_publications(publications, reason="seeded")
        get_search_backend().add_bulk(TreatmentArticlePage, articles)

    def signed_at(self, serial: int) -> datetime:
        """When the article's sign-off happened: spread over the last months, by serial."""
        return self.now - timedelta(days=serial % REVIEW_SPREAD_DAYS, hours=2)


class _Clock:
    """Adds the seconds each named step takes to a dict."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds

    def __call__(self, name: str):
        @contextlib.contextmanager
        def timed():
            started = time.monotonic()
            try:
                yield
            finally:
                self.seconds[name] = self.seconds.get(name, 0) + time.monotonic() - started

        return timed()


def _next_serial() -> int:
    keys = ImportedArticle.objects.filter(source_key__startswith="bench-").values_list(
        "source_key", flat=True
    )
    return max((int(key.rsplit("-", 1)[1]) for key in keys), default=0) + 1


def seed_articles(
    count: int,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    publish_progress: Progress | None = None,
) -> SeedReport:
    """Create ``count`` library articles: imported, signed off, published and indexed."""
    seeder = ArticleSeeder(
        batch_size=batch_size, progress=progress, publish_progress=publish_progress
    )
    return seeder.run(count)


def _refresh_planner_statistics() -> None:
    # After a bulk load PostgreSQL's statistics still describe the empty tables, and its plans
    # for the API's queries would be those of an empty site until autovacuum catches up.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


__all__ = ["ArticleSeeder", "SeedReport", "seed_articles"]
