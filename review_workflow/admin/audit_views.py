"""The audit trail in the admin: its state, and a JSON Lines download, for administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..records.audit import export_lines, parse_since, verify


def is_administrator(user) -> bool:
    return bool(user.is_active and user.is_superuser)


class AuditTrailView(WagtailAdminTemplateMixin, TemplateView):
    """Shows whether the chain verifies and offers it as a download (``?download=1``,
    optionally ``&since=YYYY-MM-DD``)."""

    template_name = "review_workflow/audit_trail.html"
    page_title = "Audit trail"
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("download"):
            try:
                since = parse_since(request.GET["since"]) if request.GET.get("since") else None
            except ValueError as exc:
                self.since_error = f"Not downloaded: 'From' {exc}"
            else:
                return self.download(since)
        return super().get(request, *args, **kwargs)

    def download(self, since) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            (line + "\n" for line in export_lines(since)), content_type="application/jsonl"
        )
        name = f"audit-trail-{timezone.localdate():%Y-%m-%d}.jsonl"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verification"] = verify()
        context["since_error"] = getattr(self, "since_error", "")
        return context


class AdministratorsMenuItem(MenuItem):
    """A menu item only administrators see."""

    def is_shown(self, request):
        return is_administrator(request.user)
