"""The editor guide names what the admin shows: its menu paths and its tabs, checked in Chromium.

Every bold menu path of docs/editor-guide.md (**Snippets → Disclaimers**, **Reports → Reviews
due**, **Settings → Required article parts**) must be a menu item or snippet type an
administrator sees, and every bold tab name (the **References** tab) a tab of the article or
health center editor.
"""

import re
from pathlib import Path

import pytest

from tests.browser.admin import log_in
from tests.factories import TreatmentArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "editor-guide.md"


def guide_text() -> str:
    return re.sub(r"\s+", " ", GUIDE.read_text())


def menu_paths() -> list[tuple[str, str]]:
    """(menu, item) of each bold "Menu → Item" in the guide, once each."""
    found = re.findall(r"\*\*(Snippets|Reports|Settings) → ([^*]+)\*\*", guide_text())
    return sorted(set(found))


def tab_names() -> set[str]:
    return set(re.findall(r"\*\*([^*]+)\*\* tab", guide_text()))


def snippet_types(tab, live_server) -> set[str]:
    tab.goto(f"{live_server.url}/admin/snippets/")
    return {text.strip() for text in tab.locator("main table a").all_inner_texts()}


def submenu_items(tab, live_server, menu: str) -> set[str]:
    tab.goto(f"{live_server.url}/admin/")
    tab.locator("aside").get_by_role("button", name=menu, exact=True).click()
    submenu = tab.locator("aside .sidebar-sub-menu-panel:visible")
    submenu.wait_for()
    return {text.strip() for text in submenu.locator("a").all_inner_texts()}


def editor_tabs(tab, live_server, page_id: int) -> set[str]:
    tab.goto(f"{live_server.url}/admin/pages/{page_id}/edit/")
    return {text.strip() for text in tab.get_by_role("tab").all_inner_texts()}


def test_the_guide_names_menu_paths_and_tabs_to_check():
    assert ("Snippets", "Reviewer profiles") in menu_paths()
    assert {"Settings", "References", "Content"} <= tab_names()


def test_every_menu_path_in_the_editor_guide_is_in_the_admin(page, live_server, superuser):
    log_in(page, live_server, superuser)
    shown = {"Snippets": snippet_types(page, live_server)}
    missing = []
    for menu, item in menu_paths():
        if menu not in shown:
            shown[menu] = submenu_items(page, live_server, menu)
        if item not in shown[menu]:
            missing.append(f"{menu} → {item} (the admin shows: {sorted(shown[menu])})")
    assert missing == []


def test_every_tab_the_editor_guide_names_is_in_the_editor(
    page, live_server, superuser, health_center
):
    article = TreatmentArticlePageFactory(parent=health_center)
    log_in(page, live_server, superuser)
    tabs = editor_tabs(page, live_server, article.pk) | editor_tabs(
        page, live_server, health_center.pk
    )
    assert tab_names() <= tabs, f"the editors show: {sorted(tabs)}"
