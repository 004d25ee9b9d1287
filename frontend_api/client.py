"""The reference front end: one static page whose script reads only the public API."""

from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView


# The admin's headless preview shows this page in an iframe on the same origin.
@method_decorator(xframe_options_sameorigin, name="dispatch")
class ReferenceClientView(TemplateView):
    """Serves the client shell; routing (?path=...) and preview (?token=...) happen in JS."""

    template_name = "frontend_api/client.html"
    # Wherever the host mounts the API (``frontend_api.urls``).
    extra_context = {"api_root": reverse_lazy("frontend_api:root")}
