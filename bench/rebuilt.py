"""Our API's public views with the whole-response cache off, for the benchmark's "rebuilt" rows.

Mounted by ``bench.urls`` at ``/bench/rebuilt/api/v1/``: every request there builds its
response (site, servable-article query, sign-offs, related links) as the first request after a
publish does, with articles still rendered once per published state in the shared cache.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from frontend_api import urls
from frontend_api.views import PublicApiView


def rebuilt_api_urlpatterns() -> list[URLPattern]:
    """The product's public API routes, each view built with ``response_cache=False``."""
    patterns = []
    for pattern in urls.urlpatterns:
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, PublicApiView):
            continue
        view = view_class.as_view(response_cache=False)
        patterns.append(path(str(pattern.pattern), view, name=pattern.name))
    return patterns
