"""``/favicon.ico``: browsers ask for it on every site; answer with the CMS's icon, not a 404."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "cms" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> FileResponse:
    """The site's icon (also in static files as ``cms/favicon.ico``)."""
    return FileResponse(ICON.open("rb"), content_type="image/x-icon")
