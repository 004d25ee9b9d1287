"""Headless preview: a draft, through a signed, expiring token, never cached or indexed.

wagtail-headless-preview stores a ``PagePreview`` (token + page JSON) when an editor clicks
Preview and sends the front end ``?content_type=...&token=...``. Its sample view never checks
the token, so this one does: the token's signature and its age (``PREVIEW_TOKEN_MAX_AGE``,
one hour by default) are verified before the stored draft is read, and the identifier inside
the signed token (``id=N`` or ``parent_id=N;...``) tells where the draft sits.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, TimestampSigner
from rest_framework.exceptions import NotFound
from wagtail.models import Page, Site
from wagtail_headless_preview.models import PagePreview

from health_content.models import Disclaimer
from review_workflow.contract import (
    NOT_SUBMITTED,
    PUBLISHED,
    MedicallyReviewedPage,
    digest,
    draft_review_status,
    is_medically_reviewed,
)
from review_workflow.contract import review_status as live_status

from .api.conditional import Validators
from .api.openapi import PreviewSerializer, api_operation, published
from .api.params import PreviewParams
from .api.responses import conditional_response, validator_headers
from .api.views import PublicApiView, requester
from .conf import api_settings
from .safe_json import dumps
from .store import documents, reading
from .store.placing import DEFAULT_PUBLISHER
from .store.writer import etag_of

_NOT_FOUND = "No preview for this content type and token; it may have expired."


def preview_signer(model: type[Page] | None = None) -> TimestampSigner:
    """The signer the page type previews with (the package's default salt otherwise)."""
    if model is not None and hasattr(model, "get_preview_signer"):
        return model.get_preview_signer()
    return TimestampSigner(salt="headlesspreview.token")


def token_identifier(token: str, model: type[Page] | None = None) -> str | None:
    """The signed identifier if the token is authentic and younger than the lifetime."""
    try:
        return preview_signer(model).unsign(token, max_age=api_settings.PREVIEW_TOKEN_MAX_AGE)
    except BadSignature:  # includes SignatureExpired
        return None


def previewable_type(content_type: str) -> ContentType | None:
    """The content type, if it names a page type this API can represent: any page type that
    adopts the review contract."""
    app_label, _, model = content_type.partition(".")
    try:
        found = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    model_class = found.model_class()
    if model_class is None or not is_medically_reviewed(model_class):
        return None
    return found


def _parent_of(identifier: str) -> Page | None:
    fields = dict(part.split("=", 1) for part in identifier.split(";") if "=" in part)
    if fields.get("id", "").isdigit():
        page = Page.objects.filter(pk=int(fields["id"])).first()
        return page.get_parent() if page else None
    if fields.get("parent_id", "").isdigit():
        return Page.objects.filter(pk=int(fields["parent_id"])).first()
    return None


def stored_draft(content_type: str, token: str) -> tuple[MedicallyReviewedPage, Page] | None:
    """The previewed draft and its parent, or None for anything not valid."""
    found = previewable_type(content_type)
    if found is None:
        return None
    identifier = token_identifier(token, found.model_class())
    if identifier is None:
        return None
    stored = PagePreview.objects.filter(content_type=found, token=token).first()
    parent = _parent_of(identifier)
    if stored is None or parent is None:
        return None
    return stored.as_page(), parent.specific


def review_status(draft: MedicallyReviewedPage) -> str:
    """The review status of what is previewed.

    Wagtail previews the editor's form, which may hold changes not saved as any revision yet;
    those have not been submitted, whatever the status of the latest saved revision.
    """
    saved = type(draft).objects.filter(pk=draft.pk).first() if draft.pk else None
    if saved is None:
        return NOT_SUBMITTED
    latest = saved.get_latest_revision_as_object()
    if digest(latest.get_reviewed_content()) != digest(draft.get_reviewed_content()):
        return NOT_SUBMITTED
    return draft_review_status(saved)


def _place(parent: Page, site: Site, draft_locale=None) -> documents.Place:
    # A translation's draft sits in its locale's tree, below that tree's own home page.
    root = site.root_page
    home = parent.get_parent() or root
    return documents.Place(
        root_page_id=root.pk,
        home_title=home.title,
        site_name=site.site_name or DEFAULT_PUBLISHER,
        center_id=parent.pk,
        center_slug=parent.slug,
        center_title=parent.title,
        language=(draft_locale or parent.locale).language_code,
        site_language=root.locale.language_code,
    )


# A draft has not been signed off as it stands: no review dates, no reviewer, no publication.
NO_REVIEW = documents.Facts(
    last_updated=None, last_reviewed=None, next_review_due=None, published_at=None,
    reviewed_by=None,
)  # fmt: skip


def preview_representation(
    draft: MedicallyReviewedPage, parent: Page, site: Site, who: reading.Requester
) -> dict:
    """The detail document of the draft, composed as a stored one would be, marked as a
    preview with its review status. Related links name only articles served now."""
    signed_shape = draft.get_reviewed_content()
    linked = documents.related_ids(signed_shape)
    served = reading.served_ids(who, linked)
    paths = {
        article["id"]: article["url_path"]
        for article in documents.related(signed_shape["body"])
        if article["id"] in served
    }
    data = documents.detail(
        signed_shape,
        place=_place(parent, site, draft.locale if draft.locale_id else None),
        facts=NO_REVIEW,
        disclaimer=_disclaimer_of(draft).as_data(),
        served_paths=paths,
    )
    draft_status = review_status(draft)
    return {
        **data,
        "preview": True,
        "draft_status": draft_status,
        "review_status": _live_review_status(draft, who) if draft_status == PUBLISHED else None,
    }


def _disclaimer_of(draft: MedicallyReviewedPage):
    # A page type that names no disclaimer shows the site default's, as its stored one would.
    return draft.get_disclaimer_version() or Disclaimer.effective_version(None)


def _live_review_status(draft: MedicallyReviewedPage, who: reading.Requester) -> str | None:
    """The live version's review status, when the previewed content is the live version."""
    stored = reading.detail_by_id(who, draft.pk) if draft.pk else None
    return live_status(stored.next_review_due, who.today) if stored else None


class PreviewView(PublicApiView):
    """A draft for the preview client: same shape as the detail, plus preview and status."""

    query_params_class = PreviewParams

    @api_operation(
        operation_id="preview_retrieve",
        parameters=[PreviewParams],
        responses=published(PreviewSerializer),
    )
    def get(self, request, *args, **kwargs):
        params = self.params(request)
        site = Site.find_for_request(request)
        found = stored_draft(params["content_type"], params["token"]) if site else None
        if found is None:
            raise NotFound(_NOT_FOUND)
        content = dumps(preview_representation(*found, site, requester(request)))
        validators = Validators(etag_of(content))
        return conditional_response(request, validators, content, validator_headers)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


def purge_expired_previews() -> int:
    """Delete stored previews whose token no longer verifies; returns how many."""
    expired = []
    types: dict[int, Any] = {}
    rows = PagePreview.objects.values_list("pk", "token", "content_type_id")
    for pk, token, type_id in rows.iterator():
        if type_id not in types:
            types[type_id] = ContentType.objects.get_for_id(type_id).model_class()
        if token_identifier(token, types[type_id]) is None:
            expired.append(pk)
    for start in range(0, len(expired), 500):
        PagePreview.objects.filter(pk__in=expired[start : start + 500]).delete()
    return len(expired)
