"""Check that every stored document is exactly what its sign-off allows.

For each row of the published-article store (``verify_store``), naming the article and the
part that differs:

- its publication record is the page's newest (not followed by a withdrawal: readers must
  not get an article the records say was withdrawn), names the page, an approved sign-off of
  the page, and the revision that sign-off covers; the page's live revision is that signed
  revision;
- the sign-off's snapshot hashes to the sign-off's fingerprint, which the publication and the
  row carry too;
- the signed part of the stored detail is the snapshot, word for word (related-article links
  may only be dropped, never added or retitled), and the ETag is the digest of the bytes;
- the stored bytes are what the snapshot composes to in the article's place today;
- the row's columns (place, dates, expiry, records) are what the records give: a changed
  ``expires_at`` or ``next_review_due`` would withdraw an article nobody withdrew;
- its search row (title, center, lead, headings, body: what searches match and excerpts show)
  is what the sign-off's content gives;
- every image the document points to is a pinned copy (``media``) whose file exists with the
  size and SHA-256 recorded when it was pinned.

Live articles under a live health center that are not stored are reported too: they are live
in the CMS without anything readers get. ``verify_published`` (a command, run daily by the
scheduler) records each run (``VerificationRun``); the admin report shows the latest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.utils import timezone

from health_content.models import DisclaimerVersion
from review_workflow.contract import ArticlePublication, digest, reviewed_pages

from ..models import PublishedArticle, VerificationRun
from ..search.models import SearchEntry
from . import media
from . import writer as store
from .documents import SIGNED_KEYS, as_article
from .placing import places


@dataclass(frozen=True)
class Mismatch:
    """One stored document (or live article) that breaks the promise, and how."""

    page_id: int
    title: str
    problem: str

    def line(self) -> str:
        return f"page {self.page_id} '{self.title}': {self.problem}"


@dataclass
class VerificationReport:
    """What one check found."""

    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _links(block: dict) -> list[tuple[int, str]]:
    return [(article["id"], article["title"]) for article in block["value"]["articles"]]


def _without_links(body: list[dict]) -> list[dict]:
    return [
        {**block, "value": {**block["value"], "articles": []}}
        if block["type"] == "related_articles"
        else block
        for block in body
    ]


def signed_part_problem(stored: dict[str, Any], signed: dict[str, Any]) -> str | None:
    """Why the stored document's signed part is not the signed snapshot, or None."""
    signed = as_article(signed)
    for key in SIGNED_KEYS:
        if key != "body" and stored.get(key) != signed.get(key):
            return f"'{key}' differs from the signed content"
    if _without_links(stored.get("body", [])) != _without_links(signed["body"]):
        return "the body differs from the signed content"
    for kept, signed_block in zip(stored["body"], signed["body"], strict=True):
        if kept["type"] == "related_articles" and not set(_links(kept)) <= set(
            _links(signed_block)
        ):
            return "a related-article link is not one that was signed"
    return None


def _record_problem(row: PublishedArticle, publication, live_revision_id) -> str | None:
    sign_off = publication.sign_off if publication else None
    if publication is None or publication.page_id != row.pk or publication.is_withdrawal:
        return "its publication record is missing or names another page"
    if sign_off is None or not sign_off.is_approval or sign_off.page_id != row.pk:
        return "its publication has no approved sign-off of this page"
    if sign_off.revision_id != publication.revision_id or row.sign_off_id != sign_off.pk:
        return "the sign-off covers another revision than the one published"
    if live_revision_id != publication.revision_id:
        return f"the page's live revision ({live_revision_id}) is not the signed one"
    if digest(sign_off.reviewed_content) != sign_off.fingerprint:
        return "the sign-off's snapshot does not match its fingerprint"
    if not (sign_off.fingerprint == publication.fingerprint == row.fingerprint):
        return "the fingerprints of row, publication and sign-off differ"
    return None


# The stored row's columns the API filters, orders and withholds by: each must be what the
# records (publication, page, place, disclaimer) give, or readers get a list, an expiry or a
# withdrawal nobody signed.
RECORD_COLUMNS = ("root_page_id", "center_slug", "slug", "title", "last_updated",
                  "last_reviewed", "next_review_due", "published_at", "expires_at",
                  "publication_id", "sign_off_id", "fingerprint", "chosen_disclaimer_id",
                  "disclaimer_version_id")  # fmt: skip
SEARCH_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def _document_problem(row: PublishedArticle, signed: dict, expected) -> str | None:
    detail = bytes(row.detail)
    if store.etag_of(detail) != row.etag:
        return "its ETag is not the digest of the stored bytes"
    pins = expected.pins if expected is not None else {}
    problem = signed_part_problem(orjson.loads(detail), media.served(signed, pins))
    if problem:
        return problem
    if expected is None:
        return "it is stored, but its page is not servable where it sits"
    if expected.row.detail != detail or expected.row.list_item != bytes(row.list_item):
        return "the stored bytes are not what its sign-off composes to in its place"
    return None


def _column_problem(row: PublishedArticle, expected) -> str | None:
    for column in RECORD_COLUMNS:
        stored, recorded = getattr(row, column), getattr(expected.row, column)
        if stored != recorded:
            return f"its stored '{column}' ({stored}) is not the records' ({recorded})"
    return None


def _search_problem(row: PublishedArticle, entry: SearchEntry | None, expected) -> str | None:
    if entry is None:
        return "it has no search row: searches cannot find it"
    for name in SEARCH_FIELDS:
        if getattr(entry, name) != getattr(expected.search_entry, name):
            return f"its search row's '{name}' is not what its sign-off gives"
    return None


class MediaCheck:
    """Checks the files stored documents point to, reading each file once per run."""

    def __init__(self) -> None:
        self.digests: dict[str, tuple[int, str] | None] = {}

    def problem(self, row: PublishedArticle, signed: dict, expected) -> str | None:
        pins = expected.pins if expected is not None else {}
        for url in media.image_urls(signed):
            pinned = pins.get(url)
            if pinned is None:
                return f"the image {url} is not pinned: readers may lose it"
            if pinned.file not in self.digests:
                self.digests[pinned.file] = media.file_digest(pinned.file)
            found = self.digests[pinned.file]
            if found is None:
                return f"the image file {pinned.file} (pinned from {url}) is missing"
            if found != (pinned.size, pinned.sha256):
                return (
                    f"the image file {pinned.file} has size {found[0]} and SHA-256 {found[1]}, "
                    f"not the {pinned.size} bytes and {pinned.sha256} recorded at publish"
                )
        return None


def _expected_rows(rows, publications) -> dict[int, store.ArticleToStore]:
    pages = store.reviewed_pages_by_id([row.pk for row in rows])
    placed = places(store.article_row(page) for page in pages.values())
    usable = {
        row.pk: publications[row.publication_id]
        for row in rows
        if row.pk in placed and row.publication_id in publications
    }
    versions = DisclaimerVersion.objects.in_bulk([row.disclaimer_version_id for row in rows])
    by_page = {row.pk: versions.get(row.disclaimer_version_id) for row in rows if row.pk in usable}
    usable = {pk: p for pk, p in usable.items() if by_page.get(pk) is not None}
    composed = store.compose_rows(
        pages, placed, usable, by_page, ask_about_renames=False, pin=False
    )
    return {article.row.pk: article for article in composed}


def _newest_records(page_ids: list[int]) -> dict[int, tuple[int, int, str]]:
    """The newest publication record of each page: its id, version and kind (one query)."""
    records = ArticlePublication.objects.filter(page_id__in=page_ids).order_by(
        "page_id", "-version"
    )
    newest: dict[int, tuple[int, int, str]] = {}
    for page_id, pk, version, kind in records.values_list("page_id", "pk", "version", "kind"):
        newest.setdefault(page_id, (pk, version, kind))
    return newest


def _withdrawal_problem(row: PublishedArticle, newest: tuple[int, int, str] | None) -> str | None:
    """Readers get what the page's newest record says, or nothing after a withdrawal."""
    if newest is None or newest[0] == row.publication_id:
        return None
    if newest[2] == ArticlePublication.Kind.WITHDRAWN:
        return f"its records say it was withdrawn (version {newest[1]}), but it is still stored"
    return f"it serves an older publication record than the newest (version {newest[1]})"


def _row_problem(row, publication, live_revision_id, expected, entry, files, newest) -> str | None:
    problem = _withdrawal_problem(row, newest) or _record_problem(
        row, publication, live_revision_id
    )
    if problem is not None:
        return problem
    signed = publication.sign_off.reviewed_content
    problem = files.problem(row, signed, expected) or _document_problem(row, signed, expected)
    if problem is None and expected is not None:
        problem = _column_problem(row, expected) or _search_problem(row, entry, expected)
    return problem


def _check_batch(rows: list[PublishedArticle], report: VerificationReport, files) -> None:
    publications = ArticlePublication.objects.select_related("sign_off").in_bulk(
        [row.publication_id for row in rows]
    )
    live_revisions = dict(
        reviewed_pages().filter(pk__in=[r.pk for r in rows]).values_list("pk", "live_revision_id")
    )
    entries = SearchEntry.objects.in_bulk([row.pk for row in rows], field_name="article_id")
    newest = _newest_records([row.pk for row in rows])
    expected = _expected_rows(rows, publications)
    for row in rows:
        problem = _row_problem(
            row,
            publications.get(row.publication_id),
            live_revisions.get(row.pk),
            expected.get(row.pk),
            entries.get(row.pk),
            files,
            newest.get(row.pk),
        )
        if problem:
            report.mismatches.append(Mismatch(row.pk, row.title, problem))
    report.checked += len(rows)


def _unserved_live_articles(report: VerificationReport) -> None:
    stored = PublishedArticle.objects.values("pk")
    live = reviewed_pages().live().exclude(pk__in=stored).filter(alias_of=None)
    rows = [store.article_row(page) for page in live.only("path", "depth", "live", "alias_of")]
    titles = dict(live.values_list("pk", "title"))
    for pk in places(rows):
        problem = "it is live in the CMS, but readers get nothing (no signed document)"
        report.mismatches.append(Mismatch(pk, titles[pk], problem))


def verify_store(
    *, batch_size: int = store.BATCH, progress: Callable[[int], None] | None = None
) -> VerificationReport:
    """Check every stored document (see the module docstring)."""
    report = VerificationReport()
    files = MediaCheck()
    last = 0
    while True:
        rows = list(PublishedArticle.objects.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not rows:
            break
        _check_batch(rows, report, files)
        last = rows[-1].pk
        if progress:
            progress(report.checked)
    _unserved_live_articles(report)
    return report


def record_run(report: VerificationReport, started_at) -> VerificationRun:
    """Keep the outcome of a check for the admin report."""
    return VerificationRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        checked=report.checked,
        mismatches=[
            {"page_id": m.page_id, "title": m.title, "problem": m.problem}
            for m in report.mismatches
        ],
    )
