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

With a ``translated`` share, a second locale is seeded too: the Spanish home and health centers
(translated as Wagtail translates them, ``copy_for_translation``, and published), then, after
the English articles, the Spanish translations of that share of the library (``bench.library``
chooses which, the same ones on every run), imported as translations and signed off by the same
reviewer, who reviews in Spanish (the demo reviewer's languages).
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
from wagtail.models import Locale

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
    translated: int = 0
    centers: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class ArticleSeeder:
    """Writes ``count`` library articles as JSON Lines with their sign-offs, and imports them
    (signed off and published) with ``import_articles --with-sign-offs``; with a ``translated``
    share, then the Spanish translations of that share of the library's articles."""

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
        translation_progress: Progress | None = None,
    ):
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total: None)
        self.translation_progress = translation_progress or self.progress
        self.now = timezone.now()

    def run(self, count: int, translated: float = 0.0) -> SeedReport:
        """Create ``count`` new live, signed-off articles spread over the synthetic centers;
        then, with ``translated`` above 0, the Spanish translations of that share of all the
        library's articles (those seeded before included) that have none yet."""
        self._prepare(translated)
        report = SeedReport(centers=[c.title for c in self.centers.values()])
        clock = _Clock(report.seconds)
        if count:
            planned = library.plan(count, _next_serial())
            report.created = self._import(planned, clock, "import", self.centers, self.progress)
        if translated:
            planned = library.translations(_untranslated_serials(), translated)
            report.translated = self._import(
                planned,
                clock,
                "import translations",
                self.spanish_centers,
                self.translation_progress,
            )
        if report.created or report.translated:
            with clock("analyze"):
                _refresh_planner_statistics()
        return report

    def _import(self, planned, clock, step: str, centers, progress: Progress) -> int:
        """Write ``planned`` as JSON Lines and import them signed off (under ``centers``,
        which their related articles are found under); returns how many."""
        if not planned:
            return 0
        handle, path = tempfile.mkstemp(prefix="bench-library-", suffix=".jsonl")
        os.close(handle)
        try:
            with clock("write"):
                documents = library.documents(
                    planned,
                    anchors=self._existing_anchors(centers),
                    reviewer=self.reviewer.get_username(),
                    now=self.now,
                    spread_days=REVIEW_SPREAD_DAYS,
                )
                library.write_lines(path, documents)
            with clock(step):
                imported = ArticleImporter(
                    user=self.editor,
                    with_sign_offs=True,
                    batch_size=self.batch_size,
                    progress=progress,
                ).run(read_lines(path), len(planned))
        finally:
            os.unlink(path)
        if imported.bad_lines:
            raise ValueError(f"The importer refused seeded lines: {imported.bad_lines[:3]}")
        return imported.created

    # Preparation -------------------------------------------------------------------------

    def _prepare(self, translated: float) -> None:
        demo_report = DemoReport()
        users = {spec.username: ensure_user(spec, demo_report) for spec in DEMO_USERS}
        self.editor = users["editor"]
        self.reviewer = users["reviewer"]
        # The demo reviewer's profile reviews in English and Spanish (a profile made before
        # the demo had translations gains Spanish here), so it may sign the translations off.
        ensure_reviewer_profile(self.reviewer)
        self.home = ensure_home(demo_report)
        self.centers = {spec.slug: self._center(spec) for spec in corpus.CENTERS}
        self.spanish_centers = {}
        if translated:
            spanish = Locale.objects.get_or_create(language_code=library.TRANSLATION_LANGUAGE)[0]
            _translation_of(self.home, spanish)  # the translated centers' parent
            self.spanish_centers = {
                slug: _translation_of(center, spanish, *library.SPANISH_CENTERS[slug])
                for slug, center in self.centers.items()
            }

    def _center(self, spec: corpus.CenterSpec) -> HealthCenterPage:
        page = HealthCenterPage.objects.child_of(self.home).filter(slug=spec.slug).first()
        if page is None:
            page = HealthCenterPage(title=spec.title, slug=spec.slug, intro=spec.intro)
            self.home.add_child(instance=page)
            page.save_revision().publish()
        return page

    def _existing_anchors(self, centers: dict) -> dict[str, list[str]]:
        """The url paths of each center's first live articles (in its locale's tree), which
        new ones link to."""
        anchors = {}
        for slug, center in centers.items():
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


def _translation_of(page, locale: Locale, title: str = "", intro: str = ""):
    """``page``'s translation into ``locale``, made and published if missing (its parent's
    must exist): a copy as Wagtail's ``copy_for_translation`` makes it, with ``title`` and
    ``intro`` in that language."""
    specific = type(page)
    translation = specific.objects.filter(
        translation_key=page.translation_key, locale=locale
    ).first()
    if translation is None:
        translation = page.copy_for_translation(locale)
        translation.title = title or translation.title
        translation.intro = intro or translation.intro
        translation.save_revision().publish()
        translation = specific.objects.get(pk=translation.pk)
    return translation


def _bench_keys():
    """The source keys of the library's English articles (a translation's key has its
    language: ``bench-es-<serial>``)."""
    keys = ImportedArticle.objects.filter(source_key__startswith="bench-")
    for language in library.PHRASINGS:
        keys = keys.exclude(source_key__startswith=f"bench-{language}-")
    return keys.values_list("source_key", flat=True)


def _next_serial() -> int:
    return max((int(key.rsplit("-", 1)[1]) for key in _bench_keys()), default=0) + 1


def _untranslated_serials() -> list[int]:
    """The serials of the library's English articles without a Spanish translation."""
    language = library.TRANSLATION_LANGUAGE
    translated = {
        int(key.rsplit("-", 1)[1])
        for key in ImportedArticle.objects.filter(
            source_key__startswith=f"bench-{language}-"
        ).values_list("source_key", flat=True)
    }
    serials = (int(key.rsplit("-", 1)[1]) for key in _bench_keys())
    return sorted(serial for serial in serials if serial not in translated)


def seed_articles(
    count: int,
    *,
    translated: float = 0.0,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    translation_progress: Progress | None = None,
) -> SeedReport:
    """Create ``count`` library articles: imported, signed off, published and indexed; with
    ``translated`` (a share, 0 to 1), the Spanish translations of that share of the library."""
    seeder = ArticleSeeder(
        batch_size=batch_size, progress=progress, translation_progress=translation_progress
    )
    return seeder.run(count, translated)


def _refresh_planner_statistics() -> None:
    # After a bulk load PostgreSQL's statistics still describe the empty tables, and its plans
    # for the API's queries would be those of an empty site until autovacuum catches up.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


__all__ = ["ArticleSeeder", "SeedReport", "seed_articles"]
