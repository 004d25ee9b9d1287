"""Write the published-article store: the bytes readers get, only ever from a sign-off.

``WRITER`` is the store writer the publish service (``review_workflow.publishing``) calls, in
its transaction, with the publication, its sign-off and disclaimer version as arguments
(registered once, from ``apps.ready``). ``store_publication`` composes the article's documents
from the sign-off's snapshot of the signed content (never from the page row), so what is stored
is exactly what was signed, and ``_save`` writes them in a fixed order (documents, search row,
links, webhook outbox, CDN purge after commit). ``refresh`` recomposes stored articles when
something outside medical review changes around them (their place on the site, a disclaimer, a
related article), again from their publication's sign-off, recording a reissue when the
disclaimer readers get changes. ``remove`` withdraws articles, with the reason as an argument.
Nothing else writes the store, and no receiver of its own rows calls it back.

Work is done in batches (``BATCH`` articles, a handful of queries each), so recomposing every
article of a large site after a disclaimer change stays minutes, not hours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from health_content.models import Disclaimer, DisclaimerVersion
from review_workflow.contract import (
    is_medically_reviewed,
    reissue,
    request_rereview,
    reviewed_page_models,
    signed_publications,
    version_credits,
    withdraw,
)

from .. import cdn
from ..conf import api_settings
from ..models import PinnedRenditionUse, PublishedArticle, PublishedLink
from ..search import indexing
from ..search.models import SearchEntry
from ..webhooks import announcements
from . import media
from .documents import Composed, Facts, Place, article_path, compose, related_ids
from .placing import ArticleRow, places
from .translations import status_changed, translated_together, translations_of

BATCH = 500
SERVED_AGAIN = "served again"
PAGE_FIELDS = ("path", "depth", "live", "alias_of_id", "expire_at", "first_published_at",
               "translation_key", "locale")  # fmt: skip
# A page type may let editors choose its disclaimer (a treatment article does); one that does
# not shows the site's default disclaimer.
CHOSEN_DISCLAIMER = "disclaimer_id"


def reviewer_facts(sign_off) -> dict[str, Any]:
    """Who signed off, as recorded at sign-off time (never the live user row)."""
    return {
        "name": sign_off.reviewer_name,
        "credentials": sign_off.reviewer_credentials,
        "signed_at": sign_off.signed_at,
    }


def authors_credited(credits) -> tuple[dict[str, Any], ...]:
    """The version's authors as readers get them: the configured byline (``AUTHOR_BYLINE``),
    else the editors who wrote it."""
    byline = api_settings.AUTHOR_BYLINE
    if byline:
        return ({"name": byline, "type": "organization"},)
    return tuple(author.as_data() for author in credits.authors) if credits else ()


def facts_of(publication, first_published_at=None, credits=None) -> Facts:
    """What the publication says about the version readers get; ``credits`` (from
    ``version_credits``) name its approving reviewers and authors."""
    return Facts(
        first_published_at=first_published_at,
        last_updated=publication.last_updated,
        last_reviewed=publication.last_reviewed,
        next_review_due=publication.next_review_due,
        published_at=publication.published_at,
        reviewed_by=reviewer_facts(publication.sign_off),
        reviewers=tuple(r.as_data() for r in credits.reviewers) if credits else (),
        authors=authors_credited(credits),
    )


def etag_of(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def served_now() -> Q:
    """Stored rows readers may get at this instant: not past their expiry."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def _served_targets(root_page_id: int, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Served articles among ``ids`` on that site: their path and stored title."""
    rows = PublishedArticle.objects.filter(
        served_now(), root_page_id=root_page_id, pk__in=list(ids)
    )
    return {
        pk: (article_path(center, slug), title)
        for pk, center, slug, title in rows.values_list("pk", "center_slug", "slug", "title")
    }


def _ask_about_renamed_links(page_id: int, signed: dict, targets: dict) -> None:
    # A related article shows its title as signed here; when the linked article was renamed
    # since, a reviewer decides whether this article still reads right.
    for block in signed["body"]:
        if block["type"] != "related_articles":
            continue
        for article in block["value"]["articles"]:
            current = targets.get(article["id"])
            if current is not None and current[1] != article["title"]:
                reason = f"related article '{article['title']}' is now titled '{current[1]}'"
                request_rereview([page_id], reason)


def _targets_by_root(placed: dict[int, Place], publications: dict[int, Any]) -> dict[int, dict]:
    wanted: dict[int, set[int]] = {}
    for pk, publication in publications.items():
        linked = related_ids(publication.sign_off.reviewed_content)
        wanted.setdefault(placed[pk].root_page_id, set()).update(linked)
    return {root: _served_targets(root, ids) if ids else {} for root, ids in wanted.items()}


@dataclass(frozen=True)
class ArticleToStore:
    """One article about to be stored: its row (the detail and list documents), the
    publication it serves, its search entry and the articles its related-articles blocks link."""

    row: PublishedArticle
    publication: Any
    search_entry: SearchEntry
    linked_ids: tuple[int, ...]
    pins: media.Pins = field(default_factory=dict)
    # The other languages' served versions its document names (``translations``).
    translation_ids: tuple[int, ...] = ()


def compose_rows(
    pages, placed, publications, versions, *, ask_about_renames: bool = True, pin: bool = True
) -> list[ArticleToStore]:
    """The articles to store for these servable pages, composed from their publications'
    sign-offs (``placed``: their places; ``versions``: the disclaimer version each shows).

    Their images point to pinned copies (``media``): the ones already pinned for the same
    sign-off, and, with ``pin`` (writing, not checking), copies made now of the others."""
    targets = _targets_by_root(placed, publications)
    credits = version_credits({pk: p.sign_off for pk, p in publications.items()})
    translations = translations_of(pages, placed, publications)
    kept = media.current_pins(
        {pk: p.sign_off_id for pk, p in publications.items()
         if media.image_urls(p.sign_off.reviewed_content)}
    )  # fmt: skip
    articles = []
    for pk, publication in publications.items():
        signed = publication.sign_off.reviewed_content
        served = targets[placed[pk].root_page_id]
        if ask_about_renames:
            _ask_about_renamed_links(pk, signed, served)
        pins = media.pin(signed, kept.get(pk, {})) if pin else kept.get(pk, {})
        composed = compose(
            media.served(signed, pins),
            place=placed[pk],
            facts=facts_of(publication, pages[pk].first_published_at, credits.get(pk)),
            disclaimer=versions[pk].as_data(),
            served_paths={target: path for target, (path, _) in served.items()},
            translations=translations[pk],
        )
        row = _row(pages[pk], placed[pk], publication, composed, versions[pk])
        row.translation_status = translations[pk].status or ""
        entry = indexing.entry_for(row, signed, placed[pk].center_title)
        named = tuple(sibling.id for sibling in translations[pk].served)
        articles.append(
            ArticleToStore(row, publication, entry, tuple(composed.related_ids), pins, named)
        )
    return articles


def _row(page, place: Place, publication, composed: Composed, disclaimer) -> PublishedArticle:
    signed = publication.sign_off.reviewed_content
    return PublishedArticle(
        page_id=page.pk,
        root_page_id=place.root_page_id,
        center_slug=place.center_slug,
        slug=signed["slug"],
        title=signed["title"],
        last_updated=publication.last_updated,
        last_reviewed=publication.last_reviewed,
        next_review_due=publication.next_review_due,
        published_at=publication.published_at,
        expires_at=page.expire_at,
        publication_id=publication.pk,
        sign_off_id=publication.sign_off_id,
        fingerprint=publication.fingerprint,
        chosen_disclaimer_id=chosen_disclaimer(page),
        disclaimer_version_id=disclaimer.pk,
        detail=composed.detail,
        list_item=composed.list_item,
        etag=etag_of(composed.detail),
        linked_ids=sorted(composed.related_ids),
        stored_at=timezone.now(),
        locale=place.language,
        translation_key=page.translation_key,
    )


def _save(articles: list[ArticleToStore], reason: str) -> set[int]:
    """Write the articles whose bytes changed, in this order: their detail and list documents,
    their search rows, their links to related articles, the webhook outbox; and purge their
    URLs from the CDN once the transaction commits.

    Returns the articles that articles linking to them now show differently (newly served,
    moved, renamed, another expiry): those linking articles need recomposing."""
    current = _stored_places([article.row.pk for article in articles])
    articles = [a for a in articles if not _unchanged(a.row, current.get(a.row.pk))]
    if not articles:
        return set()
    _write_documents([article.row for article in articles], current)
    had_pins = {pk for pk, stored in current.items() if stored.has_pins}
    media.record_uses({a.row.pk: (a.row.sign_off_id, a.pins) for a in articles}, had_pins)
    indexing.index([article.search_entry for article in articles])
    _write_links(articles, current)
    _announce(articles, current)
    cdn.purge_after_commit(_places_to_purge(articles, current), reason)
    return {a.row.pk for a in articles if _shown_differently(a.row, current.get(a.row.pk))}


class Stored(NamedTuple):
    """What is stored now for an article (its fields in this order: comparisons slice them)."""

    etag: str
    publication_id: int
    expires_at: datetime | None
    center_slug: str
    slug: str
    title: str
    translation_status: str
    has_pins: bool  # it points to pinned media
    linked_ids: list[int]  # the articles it links to


def _stored_places(ids: list[int]) -> dict[int, Stored]:
    """What is stored now for these articles (one query)."""
    stored = PublishedArticle.objects.filter(pk__in=ids).annotate(
        has_pins=Exists(PinnedRenditionUse.objects.filter(article=OuterRef("pk")))
    )
    fields = ("pk", *Stored._fields)
    return {pk: Stored(*rest) for pk, *rest in stored.values_list(*fields)}


def _shown_differently(row: PublishedArticle, current: tuple | None) -> bool:
    # What a linking article (or a translation) shows of this one: whether it is served,
    # where, under which title, whether it is an outdated translation.
    shown = (row.expires_at, row.center_slug, row.slug, row.title, row.translation_status)
    return current is None or current[2:7] != shown


def _unchanged(row: PublishedArticle, current: tuple | None) -> bool:
    return current is not None and current[:3] == (row.etag, row.publication_id, row.expires_at)


def _write_documents(rows: list[PublishedArticle], current: dict[int, tuple]) -> None:
    fields = [f.name for f in PublishedArticle._meta.concrete_fields if not f.primary_key]
    PublishedArticle.objects.bulk_update([r for r in rows if r.pk in current], fields)
    PublishedArticle.objects.bulk_create([r for r in rows if r.pk not in current])


def _write_links(articles: list[ArticleToStore], current: dict[int, tuple]) -> None:
    # Only articles whose links changed: a new version usually links the same articles.
    changed = [
        a
        for a in articles
        if a.row.pk not in current or current[a.row.pk].linked_ids != a.row.linked_ids
    ]
    stale = [a.row.pk for a in changed if a.row.pk in current and current[a.row.pk].linked_ids]
    if stale:
        PublishedLink.objects.filter(article_id__in=stale).delete()
    links = [
        PublishedLink(article_id=article.row.pk, target_page_id=target)
        for article in changed
        for target in article.linked_ids
    ]
    if links:
        PublishedLink.objects.bulk_create(links)


def _previous_path(current: dict[int, tuple], pk: int) -> str | None:
    return article_path(*current[pk][3:5]) if pk in current else None


def _announce(articles: list[ArticleToStore], current: dict[int, tuple]) -> None:
    listening = announcements.listened_to_of_stored()  # once for the batch
    for article in articles:
        old = current.get(article.row.pk)
        announcements.stored(
            article.row,
            publication=article.publication,
            previous_path=_previous_path(current, article.row.pk),
            new_publication=old is None or old[1] != article.row.publication_id,
            listening=listening,
        )
        if old is not None:
            announcements.translation_outdated(article.row, previous_status=old.translation_status)


def _places_to_purge(articles: list[ArticleToStore], current: dict[int, tuple]) -> dict:
    places_now = {}
    for article in articles:
        row = article.row
        paths, centers = {article_path(row.center_slug, row.slug)}, {row.center_slug}
        if row.pk in current:
            paths.add(_previous_path(current, row.pk))
            centers.add(current[row.pk][3])
        places_now[row.pk] = (paths, centers)
    return places_now


def article_row(page) -> ArticleRow:
    return ArticleRow(page.pk, page.path, page.depth, page.live, page.alias_of_id is not None)


def chosen_disclaimer(page) -> int | None:
    """The disclaimer the page's editors chose, if its type has the choice (None: default)."""
    return getattr(page, CHOSEN_DISCLAIMER, None)


def disclaimer_shown(publication, page, disclaimer=None) -> DisclaimerVersion:
    """The disclaimer version readers get with a publication: the one it was recorded with
    (``disclaimer``, when the caller holds it), or, for a page type that names none, the site
    default's current version."""
    if disclaimer is not None and disclaimer.pk == publication.disclaimer_version_id:
        return disclaimer
    if publication.disclaimer_version_id is None:
        return Disclaimer.effective_version(chosen_disclaimer(page))
    return DisclaimerVersion.objects.get(pk=publication.disclaimer_version_id)


def store_publication(page, *, publication, sign_off, disclaimer=None) -> PublishedArticle | None:
    """Store what readers get for a publication that just happened (in its transaction):
    ``sign_off`` its proof, ``disclaimer`` the version it was recorded with."""
    if not is_medically_reviewed(page):
        return None
    placed = places([article_row(page)])
    if page.pk not in placed:
        remove([page.pk], reason="published where readers cannot get it")
        return None
    publication.sign_off = sign_off
    version = disclaimer_shown(publication, page, disclaimer)
    [article] = compose_rows({page.pk: page}, placed, {page.pk: publication}, {page.pk: version})
    shown_differently = _save([article], "published")
    if shown_differently:
        refresh(linking_to(shown_differently) - {page.pk}, reason="a related article changed")
    # Its served translations name it (recomposed when what they show of it changed), and a
    # new version of an original may make them outdated. They are those its own document
    # names, read while composing it (no query of their own).
    translations = set(article.translation_ids)
    if translations and page.pk not in shown_differently:
        translations = status_changed(translations)
    refresh(translations, reason="a translation was published")
    return article.row


def store_published_batch(pages, *, publications, sign_offs, disclaimers) -> int:
    """Store what readers get for a batch publish that just happened (in its transaction):
    the lists are in the batch's order. The stored documents, search rows, links and outbox
    are those storing each publication in turn (``store_publication``) leaves, written in a
    number of queries that grows with how deep the batch's articles link to one another, not
    with its size. Returns how many articles were stored."""
    chosen = {}
    for page, publication, sign_off, disclaimer in zip(
        pages, publications, sign_offs, disclaimers, strict=True
    ):
        if is_medically_reviewed(page):
            publication.sign_off = sign_off
            chosen[page.pk] = (page, publication, disclaimer)
    placed = places(article_row(page) for page, _, _ in chosen.values())
    unplaced = [pk for pk in chosen if pk not in placed]
    if unplaced:
        remove(unplaced, reason="published where readers cannot get it")
    servable = {pk: entry for pk, entry in chosen.items() if pk in placed}
    shown_differently: set[int] = set()
    translations, unchanged_siblings = set(), set()
    layers, circular = _linked_first(servable)
    for layer in layers:
        by_page = {pk: servable[pk][0] for pk in layer}
        publications_of = {pk: servable[pk][1] for pk in layer}
        versions = {
            pk: disclaimer_shown(servable[pk][1], servable[pk][0], servable[pk][2]) for pk in layer
        }
        articles = compose_rows(by_page, placed, publications_of, versions)
        changed = _save(articles, "published")
        shown_differently |= changed
        # As ``store_publication``: the served translations each one's document names.
        for article in articles:
            named = translations if article.row.pk in changed else unchanged_siblings
            named.update(article.translation_ids)
    if shown_differently:
        again = linking_to(shown_differently) - (set(servable) - circular)
        refresh(again, reason="a related article changed")
    if unchanged_siblings - translations:
        translations |= status_changed(unchanged_siblings - translations)
    refresh(translations, reason="a translation was published")
    return len(servable)


def _linked_first(entries: dict[int, tuple]) -> tuple[list[list[int]], set[int]]:
    """The batch's articles in layers: an article comes after those of the batch it links to,
    so it is composed with them already served, as when they were published before it (an
    import's lines link only to earlier ones). Articles linking in a circle come last, and are
    returned apart: they are recomposed once all are stored."""
    links = {
        pk: set(related_ids(publication.sign_off.reviewed_content)) & set(entries) - {pk}
        for pk, (_, publication, _) in entries.items()
    }
    layers, placed_before, circular = [], set(), set()
    remaining = list(entries)
    while remaining:
        layer = [pk for pk in remaining if links[pk] <= placed_before]
        if not layer:
            layer = remaining
            circular = set(layer)
        layers.append(layer)
        placed_before.update(layer)
        remaining = [pk for pk in remaining if pk not in placed_before]
    return layers, circular


def store_publications(publications: dict[int, Any], *, reason: str) -> int:
    """Store the documents of publications recorded in bulk (seeding, a backfill); each
    record's sign-off is loaded. Returns how many articles are now stored."""
    stored = 0
    for batch in _batches(publications):
        pages = reviewed_pages_by_id(batch)
        placed = places(article_row(page) for page in pages.values())
        chosen = {pk: publications[pk] for pk in batch if pk in placed}
        ids = {publication.disclaimer_version_id for publication in chosen.values()}
        versions = DisclaimerVersion.objects.in_bulk(ids - {None})
        by_page = {
            pk: versions.get(p.disclaimer_version_id) or disclaimer_shown(p, pages[pk])
            for pk, p in chosen.items()
        }
        articles = compose_rows(pages, placed, chosen, by_page)
        _save(articles, reason)
        stored += len(articles)
        # Translations stored now and those stored before name each other.
        refresh(translated_together(batch), reason=reason)
    return stored


def linking_to(page_ids: Iterable[int]) -> set[int]:
    """Stored articles whose related-articles blocks link to any of ``page_ids``."""
    links = PublishedLink.objects.filter(target_page_id__in=list(page_ids))
    return set(links.values_list("article_id", flat=True))


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(sorted(set(ids)))
    while batch := list(islice(iterator, BATCH)):
        yield batch


def reviewed_pages_by_id(ids: list[int]) -> dict[int, Any]:
    """The pages among ``ids`` of any reviewed type, with the fields the store needs (a query
    per reviewed page type)."""
    found = {}
    for model in reviewed_page_models():
        fields = [*PAGE_FIELDS, *_chosen_disclaimer_field(model)]
        found.update({page.pk: page for page in model.objects.filter(pk__in=ids).only(*fields)})
    return found


def _chosen_disclaimer_field(model) -> list[str]:
    names = {field.attname for field in model._meta.concrete_fields}
    return [CHOSEN_DISCLAIMER] if CHOSEN_DISCLAIMER in names else []


def refresh(page_ids: Iterable[int], *, reason: str) -> None:
    """Recompose the stored documents of these articles from their publications' sign-offs.

    Articles no longer servable are withdrawn; servable ones not stored are stored again; a
    changed disclaimer version is recorded as a reissue. Never renders a page.
    """
    for batch in _batches(page_ids):
        _refresh_batch(batch, reason)


def _refresh_batch(ids: list[int], reason: str) -> None:
    pages = reviewed_pages_by_id(ids)
    placed = places(article_row(page) for page in pages.values())
    stored = dict(
        PublishedArticle.objects.filter(pk__in=ids).values_list("pk", "disclaimer_version_id")
    )
    gone = [pk for pk in stored if pk not in placed]
    if gone:
        remove(gone, reason=reason)
    publications = signed_publications(placed)
    versions = _disclaimers_now(pages, publications)
    publications.update(_reissues(publications, versions, stored, reason))
    articles = compose_rows(pages, placed, publications, versions)
    if articles:
        changed = _save(articles, reason)
        if changed:
            refresh(translated_together(changed) - set(ids), reason=reason)


def _disclaimers_now(pages: dict[int, Any], ids: Iterable[int]) -> dict[int, DisclaimerVersion]:
    """The disclaimer version each page shows now: its type's ``get_disclaimer_version()`` (the
    review contract), or the site default's for a type that names none.

    A type whose editors choose among disclaimers (a ``disclaimer`` field) is asked once per
    choice, so a disclaimer change over a whole site costs a query per disclaimer, not one per
    article."""
    by_choice: dict[object, DisclaimerVersion] = {}
    shown = {}
    for pk in ids:
        page = pages[pk]
        chooses = _chosen_disclaimer_field(type(page))
        key = (type(page), chosen_disclaimer(page), page.locale_id) if chooses else pk
        if key not in by_choice:
            by_choice[key] = page.get_disclaimer_version() or Disclaimer.effective_version(None)
        shown[pk] = by_choice[key]
    return shown


def _reissues(publications, versions, stored, reason) -> dict[int, Any]:
    """New records for articles whose readers now get another disclaimer, or get them again."""
    groups: dict[tuple[int, str], dict[int, Any]] = {}
    for pk, publication in publications.items():
        version = versions[pk]
        if pk not in stored:
            why = f"{SERVED_AGAIN}: {reason}"
        elif stored[pk] != version.pk:
            why = f"disclaimer '{version.title}' version {version.number}"
        else:
            continue
        groups.setdefault((version.pk, why), {})[pk] = publication
    records = {}
    for (version_id, why), bases in groups.items():
        for pk, record in reissue(bases, disclaimer_version_id=version_id, reason=why).items():
            record.sign_off = bases[pk].sign_off
            records[pk] = record
    return records


def remove(page_ids: Iterable[int], *, reason: str, at: datetime | None = None) -> None:
    """Withdraw these articles, in this order: record each withdrawal (as of ``at``, default
    now), announce it, delete the stored rows (their search rows and links go with them),
    purge their URLs after commit, and recompose the articles that linked to them."""
    ids = list(page_ids)
    rows = list(
        PublishedArticle.objects.filter(pk__in=ids)
        .only("pk", "center_slug", "slug")
        .annotate(has_pins=Exists(PinnedRenditionUse.objects.filter(article=OuterRef("pk"))))
    )
    if not rows:
        return
    withdrawn = set(withdraw([row.pk for row in rows], reason=reason, at=at))
    for row in rows:
        if row.pk in withdrawn:  # not when already withdrawn
            announcements.withdrawn(row, reason=reason)
    linking = linking_to(ids) - set(ids)
    translated = translated_together(ids) - set(ids) - linking
    pinned = media.used_by(row.pk for row in rows if row.has_pins)
    PublishedArticle.objects.filter(pk__in=[row.pk for row in rows]).delete()
    media.release(pinned)
    cdn.purge_after_commit(
        {row.pk: ({article_path(row.center_slug, row.slug)}, {row.center_slug}) for row in rows},
        reason,
    )
    refresh(linking, reason=f"a related article was {reason}")
    refresh(translated, reason=f"a translation was {reason}")


class ArticleStoreWriter:
    """The store writer the publish service calls (``review_workflow.publishing``): stores a
    publication, withdraws articles. Registered once, from ``FrontendApiConfig.ready``."""

    def store(self, page, *, publication, sign_off, disclaimer) -> None:
        store_publication(page, publication=publication, sign_off=sign_off, disclaimer=disclaimer)

    def store_batch(self, pages, *, publications, sign_offs, disclaimers) -> None:
        store_published_batch(
            pages, publications=publications, sign_offs=sign_offs, disclaimers=disclaimers
        )

    def withdraw(self, page_ids: list[int], *, reason: str, at: datetime | None = None) -> None:
        remove(page_ids, reason=reason, at=at)


WRITER = ArticleStoreWriter()
