"""The synonym groups in the Wagtail admin: editors fix a failed search without a deploy."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    """Search synonym groups as a snippet ("Search synonyms" in the admin menu)."""

    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    menu_order = 290
    add_to_admin_menu = False
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]
