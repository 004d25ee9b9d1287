"""Seed many signed-off, published, searchable treatment articles through the importer.

The articles are a realistic library (``bench.library``: text with real English word
frequencies mixed with a medical vocabulary, each article written afresh), written as the
JSON Lines that ``manage.py import_articles`` reads, each with a historic sign-off by the demo
reviewer, and imported by it with ``--with-sign-offs``: every batch is written as drafts, then
signed off and published through the review workflow's batch publish (``import_signed_off_batch``
and ``publish_signed_batch``), which records each sign-off and publication with its audit-chain
entry, stores the documents readers get and indexes the pages for Wagtail's own search (which the
comparison with API v2 searches). The result is what the product holds after an import of
reviewed articles: ``verify_audit`` and ``verify_published`` pass on it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from demo.loader import (
    DEMO_USERS,
    DemoReport,
    ensure_home,
    ensure_reviewer_profile,
    ensure_user,
)
from health_content.importing import ArticleImporter, read_lines
from health_content.models import HealthCenterPage, ImportedArticle, TreatmentArticlePage

from . import corpus, library

DEFAULT_BATCH_SIZE = 500
# Sign-off dates are spread over this many days before now, so review-date filters select.
REVIEW_SPREAD_DAYS = 300
RELATED_PER_CENTER = library.RELATED_PER_CENTER

Progress = Callable[[int, int], None]


@dataclass
class SeedReport:
    """What one seeding run created, and how long each step took (seconds)."""

    created: int = 0
    centers: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class ArticleSeeder:
    """Writes ``count`` library articles as JSON Lines with their sign-offs, and imports them
    (signed off and published) with ``import_articles --with-sign-offs``."""

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ):
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total: None)
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
                documents = library.documents(
                    planned,
                    anchors=self._existing_anchors(),
                    reviewer=self.reviewer.get_username(),
                    now=self.now,
                    spread_days=REVIEW_SPREAD_DAYS,
                )
                library.write_lines(path, documents)
            with clock("import"):
                imported = ArticleImporter(
                    user=self.editor,
                    with_sign_offs=True,
                    batch_size=self.batch_size,
                    progress=self.progress,
                ).run(read_lines(path), count)
        finally:
            os.unlink(path)
        if imported.bad_lines:
            raise ValueError(f"The importer refused seeded lines: {imported.bad_lines[:3]}")
        report.created = imported.created
        with clock("analyze"):
            _refresh_planner_statistics()
        return report

    # Preparation -------------------------------------------------------------------------

    def _prepare(self) -> None:
        demo_report = DemoReport()
        users = {spec.username: ensure_user(spec, demo_report) for spec in DEMO_USERS}
        self.editor = users["editor"]
        self.reviewer = users["reviewer"]
        ensure_reviewer_profile(self.reviewer)
        self.home = ensure_home(demo_report)
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
) -> SeedReport:
    """Create ``count`` library articles: imported, signed off, published and indexed."""
    seeder = ArticleSeeder(batch_size=batch_size, progress=progress)
    return seeder.run(count)


def _refresh_planner_statistics() -> None:
    # After a bulk load PostgreSQL's statistics still describe the empty tables, and its plans
    # for the API's queries would be those of an empty site until autovacuum catches up.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


__all__ = ["ArticleSeeder", "SeedReport", "seed_articles"]
