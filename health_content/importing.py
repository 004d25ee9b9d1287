"""Bulk import of treatment articles from JSON Lines (``manage.py import_articles``).

Each line is one article in the shape of the API's detail document, plus an ``import`` member
with the publisher's source key (and, for historic reviews, the sign-off). Every line is checked
in full before anything of its batch is written; a batch is written in one transaction: the page
rows, the article rows and their first revisions in bulk, then (with historic sign-offs) each
article's sign-off through the review workflow's one sign-off-and-publish path. The format is
documented in docs/operations.md, "Importing a library".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from wagtail.models import Page, Revision

from review_workflow.contract import BatchRefused, ImportedReview, import_signed_off_batch

from .models import ContentSource, HealthCenterPage, ImportedArticle, TreatmentArticlePage

DEFAULT_BATCH_SIZE = 500
BODY_BLOCK = TreatmentArticlePage._meta.get_field("body").stream_block
REFERENCES_BLOCK = TreatmentArticlePage._meta.get_field("references").stream_block
BODY_TYPES = {"section", "treatment_factors", "treatment_tier", "callout", "related_articles"}
Progress = Callable[[int, int], None]


class BadLine(Exception):
    """A line that cannot be imported, with what is wrong with it in words."""


@dataclass
class ImportReport:
    """What one import did: counts, and each refused line with its number and reason."""

    created: int = 0
    signed_off: int = 0
    skipped: int = 0
    bad_lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ArticleLine:
    """One checked line: the article's fields as stored, ready to write."""

    number: int
    source_key: str
    center: HealthCenterPage
    title: str
    slug: str
    summary: str
    condition: str
    body: list[dict]
    related_paths: list[list[str]]
    related_heading: str
    references: list[dict]
    source: dict | None
    reviewer: object | None = None
    signed_at: datetime | None = None


def read_lines(path: str) -> Iterator[tuple[int, str]]:
    """The file's non-blank lines with their (1-based) line numbers."""
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                yield number, text


class ArticleImporter:
    """Imports JSON Lines articles in batches; call :meth:`run` with numbered lines.

    ``with_sign_offs`` is the explicit choice to carry each line's historic sign-off: the
    article is then signed off (recorded as imported, at its historic time) and published.
    Without it every article is a draft that needs a medical sign-off.
    """

    def __init__(
        self,
        *,
        user,
        with_sign_offs: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ):
        self.user = user
        self.with_sign_offs = with_sign_offs
        self.batch_size = batch_size
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()
        self.centers: dict[str, HealthCenterPage | None] = {}
        self.reviewers: dict[str, object] = {}
        self.sources: dict[str, ContentSource] = {}
        self.known_paths: dict[tuple[str, str], int | None] = {}
        self.seen_keys: set[str] = set()
        self.article_type = ContentType.objects.get_for_model(TreatmentArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)

    def run(self, lines: Iterable[tuple[int, str]], total: int) -> ImportReport:
        """Import every line; returns the report (bad lines are listed, not raised)."""
        done = 0
        self.progress(0, total)
        chunk: list[tuple[int, str]] = []
        for number, text in lines:
            chunk.append((number, text))
            if len(chunk) >= self.batch_size:
                self._import_chunk(chunk)
                done += len(chunk)
                self.progress(done, total)
                chunk = []
        if chunk:
            self._import_chunk(chunk)
        self.progress(total, total)
        return self.report

    def _import_chunk(self, chunk: list[tuple[int, str]]) -> None:
        checked = [line for number, text in chunk if (line := self._check(number, text))]
        batch = self._not_yet_imported(checked)
        if batch:
            self._write(batch)

    # Checking lines ---------------------------------------------------------------------

    def _check(self, number: int, text: str) -> ArticleLine | None:
        try:
            return self._parse(number, text)
        except BadLine as exc:
            self.report.bad_lines.append((number, str(exc)))
            return None

    def _refuse(self, line: ArticleLine, reason: str) -> None:
        self.report.bad_lines.append((line.number, reason))

    def _not_yet_imported(self, lines: list[ArticleLine]) -> list[ArticleLine]:
        """The lines to write, in order: those already imported (by source key) are skipped;
        a line whose place is taken or whose related articles are unknown is refused."""
        keys = [line.source_key for line in lines]
        imported = set(
            ImportedArticle.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
        )
        self.report.skipped += sum(1 for key in keys if key in imported)
        lines = [line for line in lines if line.source_key not in imported]
        self._load_paths(
            [(line.center.slug, line.slug) for line in lines]
            + [tuple(path) for line in lines for path in line.related_paths]
        )
        chosen = []
        for line in lines:
            if (line.center.slug, line.slug) in self.known_paths:
                self._refuse(line, f"/{line.center.slug}/{line.slug}/ already exists")
                continue
            unknown = [p for p in line.related_paths if tuple(p) not in self.known_paths]
            if unknown:
                self._refuse(
                    line,
                    f"related article /{'/'.join(unknown[0])}/ is neither on the site nor "
                    "earlier in the file",
                )
                continue
            self.known_paths[(line.center.slug, line.slug)] = None
            chosen.append(line)
        return chosen

    def _load_paths(self, paths: list[tuple[str, str]]) -> None:
        """Remember the page ids of the (center slug, slug) places that exist on the site."""
        wanted: dict[str, set[str]] = {}
        for center_slug, slug in paths:
            if (center_slug, slug) not in self.known_paths:
                wanted.setdefault(center_slug, set()).add(slug)
        for center_slug, slugs in wanted.items():
            center = self._known_center(center_slug)
            if center is None:
                continue
            rows = Page.objects.child_of(center).filter(slug__in=slugs).values_list("slug", "pk")
            for slug, pk in rows:
                self.known_paths[(center_slug, slug)] = pk

    def _known_center(self, slug: str) -> HealthCenterPage | None:
        if slug not in self.centers:
            self.centers[slug] = HealthCenterPage.objects.filter(slug=slug).first()
        return self.centers[slug]

    def _parse(self, number: int, text: str) -> ArticleLine:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(data, dict):
            raise BadLine("a line must be one JSON object (an article)")
        meta = _member(data, "import", dict)
        key = _text(meta, "source_key", limit=255, where="import.source_key")
        if key in self.seen_keys:
            raise BadLine(f"source key {key!r} appears twice in this file")
        self.seen_keys.add(key)
        center = self._center(_member(data, "health_center", dict))
        slug = _text(data, "slug", limit=255)
        if slug != slugify(slug):
            raise BadLine(f"slug {slug!r} is not a slug (lower case letters, digits, hyphens)")
        if data.get("hero_image") is not None:
            raise BadLine("hero_image: images are not imported; add them in the admin")
        body, related, heading = _body(_member(data, "body", list))
        references = _references(_member(data, "references", list))
        line = ArticleLine(
            number=number,
            source_key=key,
            center=center,
            title=_text(data, "title", limit=255),
            slug=slug,
            summary=_text(data, "summary"),
            condition=_text(data, "condition", limit=255),
            body=body,
            related_paths=related,
            related_heading=heading,
            references=references,
            source=_source(data.get("source")),
        )
        self._check_blocks(line)
        if self.with_sign_offs:
            line.reviewer, line.signed_at = self._sign_off(_member(meta, "sign_off", dict))
        return line

    def _center(self, value: dict) -> HealthCenterPage:
        slug = _text(value, "slug", where="health_center.slug")
        center = self._known_center(slug)
        if center is None:
            raise BadLine(f"health_center.slug: no health center {slug!r} on the site")
        return center

    def _check_blocks(self, line: ArticleLine) -> None:
        # The body is checked as the admin form checks it, with related articles left out:
        # they are resolved to page ids only when the batch is written.
        try:
            BODY_BLOCK.clean(BODY_BLOCK.to_python(line.body))
        except ValidationError as exc:
            raise BadLine(_messages(exc, "body")) from exc
        try:
            references = REFERENCES_BLOCK.clean(REFERENCES_BLOCK.to_python(line.references))
        except ValidationError as exc:
            raise BadLine(_messages(exc, "references")) from exc
        draft = TreatmentArticlePage(
            title=line.title, summary=line.summary, condition=line.condition
        )
        draft.body = BODY_BLOCK.to_python(line.body)
        draft.references = references
        errors: dict = {}
        draft._check_cited_references(errors)
        if errors:
            raise BadLine("; ".join(message for values in errors.values() for message in values))

    def _sign_off(self, value: dict) -> tuple[object, datetime]:
        username = _text(value, "reviewer", where="import.sign_off.reviewer")
        if username not in self.reviewers:
            model = get_user_model()
            self.reviewers[username] = model.objects.filter(
                **{model.USERNAME_FIELD: username}
            ).first()
        reviewer = self.reviewers[username]
        if reviewer is None:
            raise BadLine(f"import.sign_off.reviewer: no user {username!r}")
        raw = _text(value, "signed_at", where="import.sign_off.signed_at")
        signed_at = parse_datetime(raw)
        if signed_at is None or timezone.is_naive(signed_at):
            raise BadLine("import.sign_off.signed_at: give a date and time with its UTC offset")
        if signed_at > timezone.now():
            raise BadLine("import.sign_off.signed_at: a historic sign-off cannot be in the future")
        return reviewer, signed_at

    # Writing a batch -----------------------------------------------------------------------

    def _write(self, batch: list[ArticleLine]) -> None:
        try:
            with transaction.atomic():
                revisions = self._write_drafts(batch)
                if self.with_sign_offs:
                    self._sign_off_and_publish(batch, revisions)
        except _Refused as refused:
            # The batch is rolled back whole; its other lines are written again without it,
            # from what the database holds now (nothing of the batch, no source it created).
            self.report.bad_lines.append((refused.line.number, refused.reason))
            self._forget_written(batch)
            self.known_paths.pop((refused.line.center.slug, refused.line.slug), None)
            self.seen_keys.discard(refused.line.source_key)
            rest = [line for line in batch if line is not refused.line]
            if rest:
                self._write(rest)
            return
        self.report.created += len(batch)
        self.report.signed_off += len(batch) if self.with_sign_offs else 0

    def _forget_written(self, batch: list[ArticleLine]) -> None:
        self.sources.clear()
        for line in batch:
            self.known_paths[(line.center.slug, line.slug)] = None
        for center in {line.center.pk: line.center for line in batch}.values():
            center.numchild = Page.objects.get(pk=center.pk).numchild
            center.__dict__.pop("_next_position", None)

    def _write_drafts(self, batch: list[ArticleLine]) -> dict[int, Revision]:
        """Write the batch's pages, article rows and first revisions; returns each line's
        revision by line number."""
        now = timezone.now()
        pages = Page.objects.bulk_create([self._page_row(line, now) for line in batch])
        for line, page in zip(batch, pages, strict=True):
            self.known_paths[(line.center.slug, line.slug)] = page.pk
        articles = [self._article(line, page) for line, page in zip(batch, pages, strict=True)]
        _insert_article_rows(articles)
        revisions = Revision.objects.bulk_create(
            [self._revision(article, now) for article in articles]
        )
        for article, revision in zip(articles, revisions, strict=True):
            article.latest_revision_id = revision.pk
        Page.objects.bulk_update(articles, ["latest_revision"], batch_size=self.batch_size)
        ImportedArticle.objects.bulk_create(
            ImportedArticle(source_key=line.source_key, page_id=page.pk)
            for line, page in zip(batch, pages, strict=True)
        )
        for center in {line.center.pk: line.center for line in batch}.values():
            center.numchild += sum(1 for line in batch if line.center is center)
            Page.objects.filter(pk=center.pk).update(numchild=center.numchild)
        return dict(zip((line.number for line in batch), revisions, strict=True))

    def _sign_off_and_publish(
        self, batch: list[ArticleLine], revisions: dict[int, Revision]
    ) -> None:
        # A batch publish per layer (rendered, recorded, stored and indexed together); a
        # refusal names its line, and the caller writes the batch again without it.
        for layer in _layers(batch):
            reviews = [
                ImportedReview(revisions[line.number], line.reviewer, line.signed_at)
                for line in layer
            ]
            try:
                import_signed_off_batch(reviews)
            except BatchRefused as refused:
                line = layer[refused.position]
                raise _Refused(line, f"sign-off refused: {refused.error}") from refused

    def _page_row(self, line: ArticleLine, now: datetime) -> Page:
        center = line.center
        if not hasattr(center, "_next_position"):
            last = (
                Page.objects.filter(path__startswith=center.path, depth=center.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            center._next_position = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        path = Page._get_path(center.path, center.depth + 1, center._next_position)
        center._next_position += 1
        return Page(
            path=path,
            depth=center.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale_id=center.locale_id,
            live=False,
            has_unpublished_changes=True,
            latest_revision_created_at=now,
            title=line.title,
            draft_title=line.title,
            slug=line.slug,
            content_type=self.article_type,
            url_path=f"{center.url_path}{line.slug}/",
            owner=self.user,
        )

    def _article(self, line: ArticleLine, page: Page) -> TreatmentArticlePage:
        body = [*line.body]
        if line.related_paths:
            body.append(
                {
                    "type": "related_articles",
                    "value": {
                        "heading": line.related_heading,
                        "articles": [self.known_paths[tuple(p)] for p in line.related_paths],
                    },
                }
            )
        return TreatmentArticlePage(
            **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields},
            page_ptr_id=page.pk,
            summary=line.summary,
            condition=line.condition,
            body=body,
            references=line.references,
            source=self._source_row(line.source),
        )

    def _source_row(self, value: dict | None) -> ContentSource | None:
        if value is None:
            return None
        if value["name"] not in self.sources:
            self.sources[value["name"]], _ = ContentSource.objects.get_or_create(
                name=value["name"],
                defaults={"attribution": value["attribution"], "url": value["url"]},
            )
        return self.sources[value["name"]]

    def _revision(self, article: TreatmentArticlePage, now: datetime) -> Revision:
        return Revision(
            content_type_id=self.article_type.pk,
            base_content_type_id=self.page_type.pk,
            object_id=str(article.pk),
            created_at=now,
            user=self.user,
            object_str=article.title,
            content=article.serializable_data(),
        )


def _layers(batch: list[ArticleLine]) -> list[list[ArticleLine]]:
    """The batch's lines in the order their sign-offs can be made: a line whose related
    articles include lines of this batch comes in a layer after them. The reviewed content shows
    a related article only once it is live, so each article is signed exactly as it would be
    when the lines were signed off and published one by one, in file order."""
    layer_of: dict[tuple[str, str], int] = {}
    layers: list[list[ArticleLine]] = []
    for line in batch:
        after = [layer_of[tuple(p)] for p in line.related_paths if tuple(p) in layer_of]
        depth = max(after, default=-1) + 1
        layer_of[(line.center.slug, line.slug)] = depth
        if depth == len(layers):
            layers.append([])
        layers[depth].append(line)
    return layers


class _Refused(Exception):
    def __init__(self, line: ArticleLine, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


# The detail document, field by field ---------------------------------------------------------


def _member(data: dict, name: str, kind: type, *, where: str | None = None):
    value = data.get(name)
    if not isinstance(value, kind):
        raise BadLine(f"{where or name}: required, a JSON {_KIND_NAMES[kind]}")
    return value


_KIND_NAMES = {dict: "object", list: "array", str: "string"}


def _text(data: dict, name: str, *, limit: int | None = None, where: str | None = None) -> str:
    value = _member(data, name, str, where=where)
    if not value.strip():
        raise BadLine(f"{where or name}: must not be empty")
    if limit and len(value) > limit:
        raise BadLine(f"{where or name}: at most {limit} characters")
    return value


def _source(value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadLine("source: a JSON object with name, attribution and url, or null")
    return {
        "name": _text(value, "name", limit=255, where="source.name"),
        "attribution": _text(value, "attribution", limit=500, where="source.attribution"),
        "url": value.get("url") or "",
    }


def _body(blocks: list) -> tuple[list[dict], list[list[str]], str]:
    """The body as StreamField data, the paths ``[center, slug]`` of related articles and
    their heading (related articles are written last, once their pages have ids)."""
    body, related, heading = [], [], "Related articles"
    for position, block in enumerate(blocks, start=1):
        if not isinstance(block, dict) or not isinstance(block.get("value"), dict):
            raise BadLine(f"body[{position}]: a block is an object with type and value")
        kind, value = block.get("type"), block["value"]
        if kind not in BODY_TYPES:
            raise BadLine(f"body[{position}]: block type {kind!r} cannot be imported")
        if kind == "related_articles":
            related.extend(_related_paths(value, position))
            heading = value.get("heading") or heading
            continue
        if kind == "treatment_tier":
            value = {**value, "options": [_option(o, position) for o in value.get("options", [])]}
        if kind == "callout":
            value = {key: value.get(key) for key in ("kind", "title", "text")}
        entry = {"type": kind, "value": value}
        if isinstance(block.get("id"), str):
            entry["id"] = block["id"]
        body.append(entry)
    return body, related, heading


def _option(option, position: int) -> dict:
    if not isinstance(option, dict):
        raise BadLine(f"body[{position}]: each treatment option is an object")
    numbers = option.get("reference_numbers") or []
    if not isinstance(numbers, list) or not all(isinstance(n, int) for n in numbers):
        raise BadLine(f"body[{position}]: reference_numbers is a list of whole numbers")
    return {
        "name": option.get("name"),
        "description": option.get("description"),
        "evidence_note": option.get("evidence_note") or "",
        "reference_numbers": ", ".join(str(number) for number in numbers),
    }


def _related_paths(value: dict, position: int) -> list[list[str]]:
    paths = []
    for article in value.get("articles") or []:
        path = article.get("url_path") if isinstance(article, dict) else None
        parts = [part for part in (path or "").split("/") if part]
        if len(parts) != 2:
            raise BadLine(
                f"body[{position}]: a related article needs its url_path, /center/article/"
            )
        paths.append(parts)
    return paths


def _references(items: list) -> list[dict]:
    references = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadLine(f"references[{number}]: a reference is an object")
        references.append(
            {
                "type": "reference",
                "value": {key: item.get(key) or "" for key in ("text", "url", "doi", "pubmed_id")},
            }
        )
    return references


def _messages(error, where: str = "") -> str:
    """Block validation errors flattened to 'where: message' phrases."""
    if isinstance(error, list):
        return "; ".join(_messages(child, where) for child in error if child)
    children = getattr(error, "block_errors", None)
    if children:
        items = children.items() if isinstance(children, dict) else enumerate(children)
        return "; ".join(_messages(child, f"{where}{_key(key)}") for key, child in items if child)
    messages = getattr(error, "messages", None) or [str(error)]
    return f"{where or 'content'}: {' '.join(messages)}"


def _key(key) -> str:
    return f"[{key + 1}]" if isinstance(key, int) else f".{key}"


def _insert_article_rows(articles: list[TreatmentArticlePage]) -> None:
    """Insert only the article table's rows; the page rows exist already.

    ``bulk_create`` refuses multi-table inheritance, so this does what ``save_base`` does for
    a child table, for many rows per statement.
    """
    fields = TreatmentArticlePage._meta.local_concrete_fields
    size = max(1, connection.ops.bulk_batch_size(fields, articles) or len(articles))
    manager = TreatmentArticlePage._base_manager
    for start in range(0, len(articles), size):
        manager._insert(articles[start : start + size], fields=fields, using=manager.db)


__all__ = ["ArticleImporter", "BadLine", "ImportReport", "read_lines"]
