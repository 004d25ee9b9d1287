"""Wagtail's own API v2, set up to serve treatment articles with the same fields as ours.

Mounted only by ``bench.urls``. The article model declares no ``api_fields`` (our API does
not use them), so this viewset adds them for the comparison instead of touching the model.
"""

from __future__ import annotations

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from health_content.models import TreatmentArticlePage

# Every reader-visible field of an article; the benchmark asks v2 for a subset via ``fields=``
# that matches what our endpoint returns.
ARTICLE_FIELDS = (
    "summary",
    "condition",
    "hero_image",
    "hero_image_alt",
    "body",
    "references",
    "source",
    "disclaimer",
    "last_reviewed",
    "next_review_due",
    "last_updated",
)


class ArticlePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's stock pages endpoint, exposing the article fields as ``api_fields`` would."""

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if issubclass(model, TreatmentArticlePage) and not getattr(model, "api_fields", None):
            fields = fields + cls._convert_api_fields(list(ARTICLE_FIELDS))
        return fields


def wagtail_api_router() -> WagtailAPIRouter:
    """The v2 router with the pages endpoint, as Wagtail's documentation sets it up."""
    router = WagtailAPIRouter("wagtailapi")
    router.register_endpoint("pages", ArticlePagesAPIViewSet)
    return router
