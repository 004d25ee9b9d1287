"""The reference front end: one static page whose script reads only the public API."""

from django.views.generic import TemplateView


class ReferenceClientView(TemplateView):
    """Serves the client shell; routing (?path=...) and preview (?token=...) happen in JS."""

    template_name = "frontend_api/client.html"
    extra_context = {"api_root": "/api/v1/"}
