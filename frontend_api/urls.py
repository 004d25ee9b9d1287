"""URLs of the public content API. The host project mounts them once, where it likes (this
project: ``settings.API_MOUNT``, "api/v1/"); everything else finds them by name (``reverse``)."""

from django.urls import path, re_path, register_converter

from . import preview
from .api import openapi, views


class ArticleIdConverter:
    """A positive id in canonical spelling that fits a 64-bit column (other spellings of an
    id are redirected by ``NonCanonicalIdView``; longer digit runs are not a URL here)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ArticleIdConverter, "article_id")

app_name = "frontend_api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/find/", views.ArticleFindView.as_view(), name="article-find"),
    path("articles/<article_id:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path(
        "articles/<article_id:pk>/history/",
        views.ArticleHistoryView.as_view(),
        name="article-history",
    ),
    path("health-centers/", views.HealthCenterListView.as_view(), name="health-center-list"),
    path(
        "health-centers/<slug:slug>/",
        views.HealthCenterDetailView.as_view(),
        name="health-center-detail",
    ),
    re_path(
        r"^articles/(?P<raw>[ +0-9]{1,40})/(?P<rest>(history/)?)$",
        views.NonCanonicalIdView.as_view(),
    ),
    path("preview/", preview.PreviewView.as_view(), name="preview"),
    path("schema/", openapi.SchemaView.as_view(), name="schema"),
    path("docs/", openapi.DocsView.as_view(url_name="frontend_api:schema"), name="docs"),
]
