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


class ApiPolicies:
    """Mixin for DRF views under /api/: problem+json errors, a plain OPTIONS."""

    def get_exception_handler(self):
        return exception_handler

    def options(self, request, *args, **kwargs) -> HttpResponse:
        return HttpResponse(status=204)  # DRF's finalize_response adds Allow

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = ProblemJSONRenderer()
            response.accepted_media_type = PROBLEM_CONTENT_TYPE
            response.content_type = PROBLEM_CONTENT_TYPE
        return response
