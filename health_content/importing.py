"""Bulk import of treatment articles from JSON Lines (``manage.py import_articles``).

Each line is one article in the shape of the API's detail document, plus an ``import`` member
with the publisher's source key (and, for historic reviews, the sign-off). A line in another
locale than the default is a translation: ``import.translation_of`` names its original's source
key, and the page joins the original's translations (its ``translation_key``) under the
translation of the original's health center. Every line is checked in full before anything of
its batch is written; a batch is written in one transaction: the page rows, the article rows
and their first revisions in bulk, then (with historic sign-offs) each article's sign-off
through the review workflow's one sign-off-and-publish path. The format is documented in
docs/operations.md, "Importing a library".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page, Revision

from review_workflow.contract import BatchRefused, ImportedReview, import_signed_off_batch

from .models import ContentSource, HealthCenterPage, ImportedArticle, TreatmentArticlePage

DEFAULT_BATCH_SIZE = 500
BODY_BLOCK = TreatmentArticlePage._meta.get_field("body").stream_block
REFERENCES_BLOCK = TreatmentArticlePage._meta.get_field("references").stream_block
BODY_TYPES = {"section", "treatment_factors", "treatment_tier", "callout", "related_articles"}
Progress = Callable[[int, int], None]
# Where an article is: (language code, health center slug, article slug). Related articles
# are named by url path (/center/slug/), which is unique within one locale's tree only.
Place = tuple[str, str, str]


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
    locale: Locale
    # None until the batch is checked, for a translation (the original's center, translated).
    center: HealthCenterPage | None
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
    # A new page's own key; a translation's becomes its original's.
    translation_key: uuid.UUID = field(default_factory=uuid.uuid4)
    # A translation: its original's source key, the health center slug the line gave (if
    # any), and the original's line when the original is earlier in the same batch.
    translation_of: str | None = None
    given_center_slug: str | None = None
    original_line: ArticleLine | None = None

    @property
    def language(self) -> str:
        return self.locale.language_code

    @property
    def place(self) -> Place:
        return (self.language, self.center.slug, self.slug)

    @property
    def related_places(self) -> list[Place]:
        """The related articles' places, in this line's locale."""
        return [(self.language, center, slug) for center, slug in self.related_paths]

    def path(self) -> str:
        return _path(self.place)


@dataclass(frozen=True)
class _Original:
    """What a translation takes of its original: its key and its health center's key."""

    translation_key: uuid.UUID
    center_translation_key: uuid.UUID
    language: str


@dataclass
class _KnownTranslations:
    """What the site holds that a batch's translations are placed by: the originals imported
    before (by source key), the languages each translation key has pages in, and the health
    centers in every locale (by translation key and language)."""

    originals: dict[str, _Original]
    languages: set[tuple[uuid.UUID, str]]
    centers: dict[tuple[uuid.UUID, str], HealthCenterPage]

    @classmethod
    def of(cls, lines: list[ArticleLine]) -> _KnownTranslations:
        keys = [line.translation_of for line in lines if line.translation_of]
        rows = list(
            ImportedArticle.objects.filter(source_key__in=keys).values_list(
                "source_key", "page__translation_key", "page__path", "page__locale__language_code"
            )
        )
        parent_paths = {path[: -Page.steplen] for _, _, path, _ in rows}
        parents = dict(
            HealthCenterPage.objects.filter(path__in=parent_paths).values_list(
                "path", "translation_key"
            )
        )
        originals = {
            key: _Original(translation_key, parents[path[: -Page.steplen]], language)
            for key, translation_key, path, language in rows
            if path[: -Page.steplen] in parents
        }
        languages = set(
            Page.objects.filter(
                translation_key__in=[o.translation_key for o in originals.values()]
            ).values_list("translation_key", "locale__language_code")
        )
        center_keys = {o.center_translation_key for o in originals.values()} | {
            line.center.translation_key for line in lines if line.center is not None
        }
        centers = {
            (center.translation_key, center.locale.language_code): center
            for center in HealthCenterPage.objects.filter(
                translation_key__in=center_keys
            ).select_related("locale")
        }
        return cls(originals, languages, centers)


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
        self.centers: dict[tuple[str, str], HealthCenterPage | None] = {}
        self.reviewers: dict[str, object] = {}
        self.sources: dict[str, ContentSource] = {}
        self.known_paths: dict[Place, int | None] = {}
        self.locales: dict[str, Locale] = {}
        self.default_locale = Locale.get_default()
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
        a line whose place is taken, whose related articles are unknown or (a translation)
        whose original cannot take it is refused."""
        keys = [line.source_key for line in lines]
        imported = set(
            ImportedArticle.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
        )
        self.report.skipped += sum(1 for key in keys if key in imported)
        lines = self._placed_translations(
            [line for line in lines if line.source_key not in imported]
        )
        self._load_paths(
            [line.place for line in lines]
            + [place for line in lines for place in line.related_places]
        )
        chosen, chosen_numbers = [], set()
        for line in lines:
            original = line.original_line
            if original is not None and original.number not in chosen_numbers:
                self._refuse(line, f"its original (line {original.number}) is not imported")
                continue
            if line.place in self.known_paths:
                self._refuse(line, f"{line.path()} already exists")
                continue
            unknown = [p for p in line.related_places if p not in self.known_paths]
            if unknown:
                self._refuse(
                    line,
                    f"related article {_path(unknown[0])} is neither on the site nor "
                    "earlier in the file",
                )
                continue
            self.known_paths[line.place] = None
            chosen.append(line)
            chosen_numbers.add(line.number)
        return chosen

    def _load_paths(self, places: list[Place]) -> None:
        """Remember the page ids of the places that exist on the site."""
        wanted: dict[tuple[str, str], set[str]] = {}
        for language, center_slug, slug in places:
            if (language, center_slug, slug) not in self.known_paths:
                wanted.setdefault((language, center_slug), set()).add(slug)
        for (language, center_slug), slugs in wanted.items():
            center = self._known_center(center_slug, language)
            if center is None:
                continue
            rows = Page.objects.child_of(center).filter(slug__in=slugs).values_list("slug", "pk")
            for slug, pk in rows:
                self.known_paths[(language, center_slug, slug)] = pk

    def _known_center(self, slug: str, language: str) -> HealthCenterPage | None:
        """The health center ``slug`` of the page tree in ``language``."""
        if (language, slug) not in self.centers:
            self.centers[(language, slug)] = HealthCenterPage.objects.filter(
                slug=slug, locale=self._locale_of(language)
            ).first()
        return self.centers[(language, slug)]

    def _locale_of(self, language: str) -> Locale:
        # A content language's Locale exists after migrate (cms.locales); made if removed since.
        if language not in self.locales:
            self.locales[language] = Locale.objects.get_or_create(language_code=language)[0]
        return self.locales[language]

    # Translations ----------------------------------------------------------------------------

    def _placed_translations(self, lines: list[ArticleLine]) -> list[ArticleLine]:
        """The lines, each translation given its original's translation key and its health
        center (the translation of the original's, in the line's locale); a translation that
        cannot be placed is refused. The original is a line earlier in this batch or an
        article imported before (four queries for the whole batch)."""
        if not any(line.translation_of for line in lines):
            return lines
        known = _KnownTranslations.of(lines)
        earlier: dict[str, ArticleLine] = {}
        placed = []
        for line in lines:
            if line.translation_of is not None:
                try:
                    self._place_translation(line, earlier, known)
                except BadLine as exc:
                    self._refuse(line, str(exc))
                    continue
            earlier[line.source_key] = line
            placed.append(line)
        return placed

    def _place_translation(
        self, line: ArticleLine, earlier: dict[str, ArticleLine], known: _KnownTranslations
    ) -> None:
        key = line.translation_of
        original_line = earlier.get(key)
        if original_line is not None:
            original = _Original(
                original_line.translation_key,
                original_line.center.translation_key,
                original_line.language,
            )
        elif key in known.originals:
            original = known.originals[key]
        else:
            raise BadLine(
                f"import.translation_of: no article {key!r} was imported before or is "
                "earlier in the file"
            )
        if original.language == line.language:
            raise BadLine(
                f"locale: {line.language!r} is the language of the original {key!r}; a "
                "translation is in another content language"
            )
        if (original.translation_key, line.language) in known.languages:
            raise BadLine(
                f"import.translation_of: {key!r} already has a translation in {line.language!r}"
            )
        center = known.centers.get((original.center_translation_key, line.language))
        if center is None:
            raise BadLine(
                f"the health center of {key!r} has no translation in {line.language!r}: "
                "translate the health center first"
            )
        if line.given_center_slug is not None and line.given_center_slug != center.slug:
            raise BadLine(
                f"health_center.slug: {line.given_center_slug!r} is not the health center of "
                f"{key!r} in {line.language!r} ({center.slug!r})"
            )
        # One object per center, shared with lines that name it by slug: its numchild and
        # next child position are kept on it while batches are written.
        line.center = self.centers.setdefault((line.language, center.slug), center)
        line.translation_key = original.translation_key
        line.original_line = original_line
        known.languages.add((original.translation_key, line.language))

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
        locale = self._line_locale(data.get("locale"))
        translation_of = self._translation_of(meta, locale)
        center_slug = None
        if translation_of is None or data.get("health_center") is not None:
            given_center = _member(data, "health_center", dict)
            center_slug = _text(given_center, "slug", where="health_center.slug")
        # A translation's center is the translation of its original's, found with its batch
        # (the original may be earlier in it); the slug given, if any, must be that center's.
        center = None if translation_of else self._center(center_slug, locale.language_code)
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
            locale=locale,
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
            translation_of=translation_of,
            given_center_slug=center_slug if translation_of else None,
        )
        self._check_blocks(line)
        if self.with_sign_offs:
            line.reviewer, line.signed_at = self._sign_off(_member(meta, "sign_off", dict))
        return line

    def _center(self, slug: str, language: str) -> HealthCenterPage:
        center = self._known_center(slug, language)
        if center is None:
            raise BadLine(
                f"health_center.slug: no health center {slug!r} on the site{_in(language)}"
            )
        return center

    def _line_locale(self, value) -> Locale:
        """The line's ``locale`` (absent: the default locale), a content language's."""
        if value is None:
            return self.default_locale
        languages = list(get_content_languages())
        if value not in languages:
            raise BadLine(
                f"locale: {value!r} is not a content language of this site ({', '.join(languages)})"
            )
        return self._locale_of(value)

    def _translation_of(self, meta: dict, locale: Locale) -> str | None:
        """``import.translation_of``, which a line in another locale than the default needs:
        there, pages are translations of an original."""
        if meta.get("translation_of") is None:
            if locale.pk != self.default_locale.pk:
                raise BadLine(
                    f"import.translation_of: required for a line in {locale.language_code!r} "
                    "(the source key of the original it translates)"
                )
            return None
        return _text(meta, "translation_of", limit=255, where="import.translation_of")

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
            dropped = _dependents(batch, refused.line)
            for line in dropped:
                self.known_paths.pop(line.place, None)
                self.seen_keys.discard(line.source_key)
                if line is not refused.line:
                    self._refuse(line, f"it needs line {refused.line.number}, not imported")
            dropped_lines = {id(line) for line in dropped}
            rest = [line for line in batch if id(line) not in dropped_lines]
            if rest:
                self._write(rest)
            return
        self.report.created += len(batch)
        self.report.signed_off += len(batch) if self.with_sign_offs else 0

    def _forget_written(self, batch: list[ArticleLine]) -> None:
        self.sources.clear()
        for line in batch:
            self.known_paths[line.place] = None
        for center in {line.center.pk: line.center for line in batch}.values():
            center.numchild = Page.objects.get(pk=center.pk).numchild
            center.__dict__.pop("_next_position", None)

    def _write_drafts(self, batch: list[ArticleLine]) -> dict[int, Revision]:
        """Write the batch's pages, article rows and first revisions; returns each line's
        revision by line number."""
        now = timezone.now()
        pages = Page.objects.bulk_create([self._page_row(line, now) for line in batch])
        for line, page in zip(batch, pages, strict=True):
            self.known_paths[line.place] = page.pk
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
            translation_key=line.translation_key,
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
                        "articles": [self.known_paths[p] for p in line.related_places],
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
    when the lines were signed off and published one by one, in file order. A translation comes
    after its original too: its sign-off records the original's live version it follows."""
    layer_of: dict[Place, int] = {}
    layers: list[list[ArticleLine]] = []
    for line in batch:
        needs = line.related_places
        if line.original_line is not None:
            needs = [*needs, line.original_line.place]
        after = [layer_of[place] for place in needs if place in layer_of]
        depth = max(after, default=-1) + 1
        layer_of[line.place] = depth
        if depth == len(layers):
            layers.append([])
        layers[depth].append(line)
    return layers


def _dependents(batch: list[ArticleLine], line: ArticleLine) -> list[ArticleLine]:
    """``line`` and the lines of ``batch`` that need it written: those that name it (or one of
    them) as a related article or translate it."""
    dropped = [line]
    places = {line.place}
    for other in batch:
        needs = set(other.related_places)
        if other.original_line is not None:
            needs.add(other.original_line.place)
        if other is not line and needs & places:
            dropped.append(other)
            places.add(other.place)
    return dropped


def _path(place: Place) -> str:
    """A place as readers see it, with its language when not the default."""
    language, center, slug = place
    return f"/{center}/{slug}/{_in(language)}"


def _in(language: str) -> str:
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return "" if language == default else f" (in {language!r})"


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
