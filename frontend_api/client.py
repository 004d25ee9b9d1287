"""The reference front end: one static page whose script reads only the public API."""

from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView
from wagtail.coreutils import get_content_languages


# The admin's headless preview shows this page in an iframe on the same origin.
@method_decorator(xframe_options_sameorigin, name="dispatch")
class ReferenceClientView(TemplateView):
    """Serves the client shell; routing (?path=...) and preview (?token=...) happen in JS."""

    template_name = "frontend_api/client.html"
    # Wherever the host mounts the API (``frontend_api.urls``).
    extra_context = {"api_root": reverse_lazy("frontend_api:root")}

    def get_context_data(self, **kwargs):
        # The content languages, for the language switch (the first is the default locale).
        languages = [{"code": code, "name": name} for code, name in get_content_languages().items()]
        return {**super().get_context_data(**kwargs), "languages": languages}
