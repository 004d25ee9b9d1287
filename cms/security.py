"""Content-Security-Policy with one strict policy for the site and API, relaxed for the admin.

Wagtail's admin still renders some inline ``<script>`` (date pickers, inline panels) and
inline ``style`` attributes, without nonces, so only its URLs get ``'unsafe-inline'``; every
other response (the API, the reference client, the schema docs) keeps the strict policy.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(path: str) -> bool:
    """Whether the path belongs to the Wagtail (or Django) admin."""
    return any(path.startswith(prefix) for prefix in settings.CMS_ADMIN_PATH_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, adding ``CMS_ADMIN_CSP_ADDITIONS`` on admin URLs."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if is_admin_path(request.path) and parts.update is None:
            parts.update = settings.CMS_ADMIN_CSP_ADDITIONS
        return parts
