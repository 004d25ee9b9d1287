"""Admin wiring for health content: the disclaimer and source snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ContentSource, Disclaimer


class DisclaimerViewSet(SnippetViewSet):
    """Disclaimers in the admin; the version column shows when the text last changed."""

    model = Disclaimer
    icon = "warning"
    menu_label = "Disclaimers"
    list_display = ["title", "version", "is_site_default", "updated_at"]
    search_fields = ["title", "text"]


class ContentSourceViewSet(SnippetViewSet):
    """Content sources for the attribution line under articles."""

    model = ContentSource
    icon = "site"
    menu_label = "Content sources"
    list_display = ["name", "attribution", "url"]
    search_fields = ["name", "attribution"]


register_snippet(DisclaimerViewSet)
register_snippet(ContentSourceViewSet)
