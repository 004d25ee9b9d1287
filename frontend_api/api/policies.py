"""What every view under /api/ shares, the schema and docs views included.

Errors come in the problem shape whatever renderer the view has (the Swagger UI view renders
HTML, and DRF renders its errors with the view's renderer), and ``OPTIONS`` answers
``204 No Content`` with ``Allow`` (DRF's default renders metadata through the view's renderer,
which for the docs page was a 500).
"""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.response import Response

from .problems import PROBLEM_CONTENT_TYPE, exception_handler
from .renderers import ProblemJSONRenderer
from .responses import revalidated_document


class ApiPolicies:
    """Mixin for DRF views under /api/: problem+json errors, a plain OPTIONS."""

    def get_exception_handler(self):
        return exception_handler

    def options(self, request, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(status=204)  # DRF's finalize_response adds Allow
        del response["Content-Type"]  # no body, so no body type (HttpResponse sets text/html)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = ProblemJSONRenderer()
            response.accepted_media_type = PROBLEM_CONTENT_TYPE
            response.content_type = PROBLEM_CONTENT_TYPE
        return response


class RevalidatedDocument:
    """Mixin for the schema and docs views: an ETag and ``Cache-Control`` on their 200, and a
    304 for ``If-None-Match`` (their bytes are rendered first, to be digested)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        return revalidated_document(request, response.render())
