"""Content-Security-Policy: one strict policy for the site and API, relaxed on a few paths.

Wagtail's admin still renders some inline ``<script>`` (date pickers, inline panels) and
inline ``style`` attributes, without nonces, so its URLs get ``'unsafe-inline'``; the Swagger
UI page of the API docs has one inline ``<style>``. ``CMS_CSP_ADDITIONS_BY_PATH`` lists these
relaxations; every other response (the API, the reference client) keeps the strict policy.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def additions_for(path: str) -> dict[str, list[str]] | None:
    """The directives added to the policy for this path (first matching prefix), if any."""
    for prefix, additions in settings.CMS_CSP_ADDITIONS_BY_PATH:
        if path.startswith(prefix):
            return additions
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, adding the path's entry of ``CMS_CSP_ADDITIONS_BY_PATH``."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.update is None:  # a view's own @csp_update wins
            parts.update = additions_for(request.path)
        return parts
