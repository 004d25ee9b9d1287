"""Headless preview: a draft, through a signed, expiring token, never cached or indexed.

wagtail-headless-preview stores a ``PagePreview`` (token + page JSON) when an editor clicks
Preview and sends the front end ``?content_type=...&token=...``. Its sample view never checks
the token, so this one does: the token's signature and its age (``PREVIEW_TOKEN_MAX_AGE``,
one hour by default) are verified before the stored draft is read, and the identifier inside
the signed token (``id=N`` or ``parent_id=N;...``) tells where the draft sits.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, TimestampSigner
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from wagtail.models import Page, Site
from wagtail_headless_preview.models import PagePreview

from health_content.models import TreatmentArticlePage
from health_content.rendering import content_digest
from review_workflow.review_facts import draft_review_status

from . import representation
from .conf import api_setting
from .openapi import COMMON_ERRORS, NOT_FOUND, PreviewSerializer
from .params import PreviewParams
from .prepared import servable_ids
from .views import PublicApiView

NOT_SUBMITTED = "not submitted"
_NOT_FOUND = "No preview for this content type and token; it may have expired."


def preview_signer(model: type[Page] | None = None) -> TimestampSigner:
    """The signer the page type previews with (the package's default salt otherwise)."""
    if model is not None and hasattr(model, "get_preview_signer"):
        return model.get_preview_signer()
    return TimestampSigner(salt="headlesspreview.token")


def token_identifier(token: str, model: type[Page] | None = None) -> str | None:
    """The signed identifier if the token is authentic and younger than the lifetime."""
    try:
        return preview_signer(model).unsign(token, max_age=api_setting("PREVIEW_TOKEN_MAX_AGE"))
    except BadSignature:  # includes SignatureExpired
        return None


def previewable_type(content_type: str) -> ContentType | None:
    """The content type, if it names a page type this API can represent."""
    app_label, _, model = content_type.partition(".")
    try:
        found = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    model_class = found.model_class()
    if model_class is None or not issubclass(model_class, TreatmentArticlePage):
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


def stored_draft(content_type: str, token: str) -> tuple[TreatmentArticlePage, Page] | None:
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


def _without_review_claims(draft: TreatmentArticlePage) -> None:
    # The draft's content has not been signed off as it stands: it must not carry the live
    # version's review dates into the preview.
    draft.last_reviewed = None
    draft.next_review_due = None
    draft.last_updated = None
    draft.last_published_at = None


def review_status(draft: TreatmentArticlePage) -> str:
    """The review status of what is previewed.

    Wagtail previews the editor's form, which may hold changes not saved as any revision yet;
    those have not been submitted, whatever the status of the latest saved revision.
    """
    saved = TreatmentArticlePage.objects.filter(pk=draft.pk).first() if draft.pk else None
    if saved is None:
        return NOT_SUBMITTED
    latest = saved.get_latest_revision_as_object()
    if content_digest(latest.get_reviewed_content()) != content_digest(
        draft.get_reviewed_content()
    ):
        return NOT_SUBMITTED
    return draft_review_status(saved)


def preview_representation(draft: TreatmentArticlePage, parent: Page, site: Site) -> dict:
    """The detail representation of the draft, marked as a preview with its review status."""
    draft.url_path = f"{parent.url_path}{draft.slug}/"
    _without_review_claims(draft)
    center = representation.center_summary(parent.pk, parent.slug, parent.title)
    data = representation.article_detail(draft, site, center, sign_off=None)
    related_ids = {article["id"] for article in data["related"]}
    if related_ids:
        data = representation.only_related(data, set(servable_ids(site, related_ids)))
    return {**data, "preview": True, "review_status": review_status(draft)}


class PreviewView(PublicApiView):
    """A draft for the preview client: same shape as the detail, plus preview and status."""

    query_params_class = PreviewParams

    @extend_schema(
        operation_id="preview_retrieve",
        parameters=[PreviewParams],
        responses={200: PreviewSerializer, **COMMON_ERRORS, **NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        params = self.params(request)
        site = self.site(request)
        found = stored_draft(params["content_type"], params["token"])
        if found is None:
            raise NotFound(_NOT_FOUND)
        data = preview_representation(*found, site)
        return HttpResponse(orjson.dumps(data), content_type="application/json")

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
