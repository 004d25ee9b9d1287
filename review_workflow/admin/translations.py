"""Translations in the admin: submitting one for medical review from wagtail-localize's
editor, outdated translations on the dashboard and the edit screen, and, for the reviewer of
a translation, what changed in its original since the version it follows.

wagtail-localize's translation editor offers "Publish in <language>" and no workflow actions.
For a medically reviewed page that button cannot publish (the publish guard would refuse it:
a translation goes live only with its own sign-off), so here it saves the translation as a
draft revision and submits it to the page's medical review, the way Wagtail's own "Submit
for moderation" does; it goes live when a reviewer who reads its language signs it off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.models import Page, WorkflowState

from ..contract import is_medically_reviewed, reviewed_page_models
from ..models import ArticlePublication
from ..models.records import default_language_code
from ..models.reviewers import language_name
from ..records.translations import TranslationFollows, translation_policy, translations_follow
from ..rules.reviewed_changes import compare_reviewed
from .review_changes import ChangeRow

PUBLISH_ACTION = "publish"


def localize_translation(page) -> Any | None:
    """wagtail-localize's enabled translation record whose target is ``page``, if any."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("target_locale")
        .first()
    )


def submit_for_medical_review(page, user) -> WorkflowState:
    """Submit ``page``'s latest revision to its medical review, as Wagtail's "Submit" does:
    resume a workflow waiting for changes, restart one in progress (the review is of the new
    revision), else start one."""
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        state.cancel(user=user)
    return page.get_workflow().start(page, user)


def submit_translation_instead_of_publishing(request, page):
    """``before_edit_page`` (before wagtail-localize's): the translation editor's "Publish"
    of a reviewed page saves the translation as a draft and submits it for medical review."""
    if request.method != "POST" or request.POST.get("action") != PUBLISH_ACTION:
        return None
    if not is_medically_reviewed(page.specific_class):
        return None
    translation = localize_translation(page)
    if translation is None:
        return None
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    language = translation.target_locale.get_display_name()
    try:
        translation.save_target(user=request.user, publish=False)
    except ValidationError:
        messages.error(
            request,
            f"Not submitted: the {language} translation of '{page.title}' has errors; fix "
            "them and submit again.",
        )
        return redirect(request.path)
    page = page.specific_class.objects.get(pk=page.pk)
    if page.get_workflow() is None:
        messages.error(request, f"Not submitted: '{page.title}' is under no review workflow.")
        return redirect(request.path)
    submit_for_medical_review(page, request.user)
    messages.success(
        request,
        f"The {language} translation of '{page.title}' was saved and submitted for medical "
        f"review. It goes live when a reviewer who reviews in {language} signs it off.",
    )
    return redirect(request.path)


@dataclass(frozen=True)
class OutdatedTranslationItem:
    """A live translation whose original has changed since the version it follows."""

    page: Page
    follows: TranslationFollows
    withdrawn: bool = False

    @property
    def language(self) -> str:
        return language_name(self.page.locale.language_code)


def outdated_translations(limit: int | None = None) -> list[OutdatedTranslationItem]:
    """Live translations of reviewed pages that follow an older version of their original,
    longest outdated first (three queries)."""
    pages = (
        Page.objects.filter(live=True, content_type__in=_reviewed_types())
        .exclude(locale__language_code=default_language_code())
        .select_related("locale")
    )
    by_id = {page.pk: page for page in pages}
    follows = translations_follow(by_id)
    items = [
        OutdatedTranslationItem(by_id[page_id], follow)
        for page_id, follow in follows.items()
        if follow.is_outdated
    ]
    items.sort(key=lambda item: item.follows.outdated_since)
    return items[:limit] if limit is not None else items


def _reviewed_types() -> list[int]:
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*reviewed_page_models()).values()
    return [content_type.pk for content_type in types]


def outdated_banner(page) -> str | None:
    """The editor's banner on an outdated translation, or None."""
    follows = translations_follow([page.pk]).get(page.pk)
    if follows is None or not follows.is_outdated:
        return None
    policy = translation_policy()
    readers = {
        "flag": "Readers still get it, marked 'translation out of date'",
        "noindex": "Readers still get it, marked 'translation out of date' and hidden from "
        "search engines",
        "withdraw": "Readers no longer get it",
    }.get(policy, "Readers still get it, marked 'translation out of date'")
    return (
        f"Translation out of date: it follows version {follows.original_version} of the "
        f"original, which was published again as version {follows.latest_original_version} on "
        f"{follows.outdated_since:%Y-%m-%d}. {readers} until an updated translation is signed "
        "off: update it from the original (wagtail-localize's Sync) and submit it for medical "
        "review."
    )


def say_the_translation_is_outdated(request, page):
    """``before_edit_page`` on GET: the banner on an outdated translation's edit screen."""
    if request.method != "GET" or not is_medically_reviewed(page.specific_class):
        return None
    banner = outdated_banner(page)
    if banner:
        messages.warning(request, banner)
    return None


@dataclass
class OriginalChanges:
    """What changed in a translation's original since the version the translation follows:
    the signed content of that version beside the original's latest signed version."""

    followed: ArticlePublication
    latest: ArticlePublication
    rows: list[ChangeRow]

    @property
    def changed(self) -> list[ChangeRow]:
        return [row for row in self.rows if row.changed]


def original_changes(page) -> OriginalChanges | None:
    """For a translation whose last signed version follows an older version of its original
    (served, or withdrawn under the "withdraw" policy), the original's changes since then:
    the signed content of the version followed beside the original's latest signed version;
    None otherwise (two queries)."""
    signed = ArticlePublication.objects.exclude(kind=ArticlePublication.Kind.WITHDRAWN)
    followed = (
        signed.filter(page_id=page.pk, original_publication__isnull=False)
        .order_by("-version")
        .values_list("original_publication_id", flat=True)
        .first()
    )
    if followed is None:
        return None
    records = list(
        signed.filter(page__translation_key=page.translation_key)
        .filter(page__locale__language_code=default_language_code())
        .select_related("sign_off")
        .order_by("-version")
    )
    latest = records[0] if records else None
    followed = next((record for record in records if record.pk == followed), None)
    if latest is None or followed is None or latest.fingerprint == followed.fingerprint:
        return None
    if latest.sign_off is None or followed.sign_off is None:
        return None
    changes = compare_reviewed(followed.sign_off.reviewed_content, latest.sign_off.reviewed_content)
    return OriginalChanges(followed, latest, [ChangeRow.of(change) for change in changes])


def original_changes_url(page) -> str:
    return reverse("review_workflow_review_changes", args=[page.pk])
