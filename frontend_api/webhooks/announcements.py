"""What to announce when an article changes: the steps ``receivers`` (or a publish pipeline)
call, each recording its events through ``events.record_event`` in the caller's transaction.

``AnnouncedArticle`` remembers each article's last announced path, so a path change that
arrives with a publish (a new slug, a renamed health center) is announced as a move, and the
scheduled ``announce_path_drift`` catches one whose announcement was lost.
"""

from __future__ import annotations

from django.db.models import F
from wagtail.models import Page, get_page_models

from . import payloads
from .events import EventType, record_event, subscribed_endpoints
from .models import AnnouncedArticle


def is_article(page: Page) -> bool:
    """Whether the page is medically reviewed content (the review contract's flag)."""
    return bool(getattr(page.specific_class, "requires_medical_review", False))


def article_models() -> list[type[Page]]:
    return [m for m in get_page_models() if getattr(m, "requires_medical_review", False)]


def live_articles_under(root: Page):
    """Live articles at or below ``root`` (its own row included)."""
    models = article_models()
    if not models:
        return Page.objects.none()
    articles = Page.objects.descendant_of(root, inclusive=True).live().type(*models)
    return articles.filter(alias_of__isnull=True)


def listened_to(event_type: str) -> bool:
    """Whether any active endpoint wants ``event_type``: if none, a publish costs one query."""
    return bool(subscribed_endpoints(event_type))


def remember_path(page_id: int, url_path: str) -> None:
    AnnouncedArticle.objects.update_or_create(page_id=page_id, defaults={"url_path": url_path})


def announce_move(page: Page, *, old_url_path: str, new_url_path: str) -> None:
    """Record ``article.moved`` if the path really changed, and remember the new one."""
    if old_url_path and old_url_path != new_url_path:
        payload = payloads.article_moved(page, old_url_path=old_url_path, new_url_path=new_url_path)
        record_event(EventType.ARTICLE_MOVED, payload)
    remember_path(page.pk, new_url_path)


def announce_path_changes(root: Page, *, url_path_before: str | None = None) -> None:
    """Announce every live article at or below ``root`` whose path is not the one announced.

    After a move, ``url_path_before`` (the root's old ``url_path``) gives each article's old
    path; otherwise the last announced path does (say, a slug changed by a publish).
    Nothing is remembered while nobody listens; ``announce_path_drift`` catches up later.
    """
    if not listened_to(EventType.ARTICLE_MOVED):
        return
    articles = list(live_articles_under(root))
    announced = dict(
        AnnouncedArticle.objects.filter(page_id__in=[a.pk for a in articles]).values_list(
            "page_id", "url_path"
        )
    )
    for article in articles:
        old = announced.get(article.pk, "")
        if url_path_before is not None:
            old = url_path_before + article.url_path[len(root.url_path) :]
        if old != article.url_path:
            announce_move(article, old_url_path=old, new_url_path=article.url_path)


def announce_published(page: Page) -> None:
    """A page went live: its articles' path changes, then ``article.published`` if it is one."""
    announce_path_changes(page)
    if is_article(page) and not page.alias_of_id and listened_to(EventType.ARTICLE_PUBLISHED):
        record_event(EventType.ARTICLE_PUBLISHED, payloads.article_published(page.specific))


def announce_unpublished(page: Page) -> None:
    """An article was unpublished, expired or deleted (deleting a live page unpublishes it)."""
    if is_article(page) and not page.alias_of_id and listened_to(EventType.ARTICLE_UNPUBLISHED):
        record_event(EventType.ARTICLE_UNPUBLISHED, payloads.article_unpublished(page))


def announce_disclaimer_change(disclaimer) -> None:
    """Before a disclaimer is saved: record ``disclaimer.version_changed`` if its version moved."""
    if disclaimer.pk is None:
        return
    stored = type(disclaimer).objects.filter(pk=disclaimer.pk).values_list("version", flat=True)
    previous = stored.first()
    if previous is not None and disclaimer.version != previous:
        record_event(
            EventType.DISCLAIMER_VERSION_CHANGED,
            payloads.disclaimer_version_changed(disclaimer, previous_version=previous),
            key=f"disclaimer:{disclaimer.pk}:v{disclaimer.version}",
        )


def announce_path_drift() -> int:
    """Announce moves whose announcement was lost, and remember paths never announced.

    Wagtail sends ``post_page_move`` after its move has committed, so a process that dies in
    between never announces the move; this (run by the scheduler) does, one query when
    nothing drifted.
    """
    drifted = (
        AnnouncedArticle.objects.filter(page__live=True)
        .exclude(url_path="")
        .exclude(url_path=F("page__url_path"))
        .select_related("page")
    )
    moved = 0
    for state in drifted:
        announce_move(state.page, old_url_path=state.url_path, new_url_path=state.page.url_path)
        moved += 1
    remember_unannounced_paths()
    return moved


def remember_unannounced_paths() -> None:
    """Remember the path of each live article announced before this table existed."""
    models = article_models()
    if not models:
        return
    unknown = (
        Page.objects.live()
        .type(*models)
        .exclude(pk__in=AnnouncedArticle.objects.values("page_id"))
        .values_list("pk", "url_path")
    )
    AnnouncedArticle.objects.bulk_create(
        [AnnouncedArticle(page_id=pk, url_path=url_path) for pk, url_path in unknown],
        ignore_conflicts=True,
    )
