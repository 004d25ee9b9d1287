"""Which site a request gets: the API's SQL (``reading.site_root``) and Wagtail's
``Site.find_for_request`` (``get_site_for_hostname``) are one rule, checked here table-driven
over site layouts and requests."""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from frontend_api.store.reading import site_root

# Each layout: the sites (hostname, port, is default site).
LAYOUTS = {
    "one default site": [("localhost", 80, True)],
    "default and one other host": [("a.test", 80, True), ("b.test", 80, False)],
    "default and one host on two ports": [
        ("a.test", 80, True),
        ("b.test", 8000, False),
        ("b.test", 8001, False),
    ],
    "default shares a host with another port": [("a.test", 8080, True), ("a.test", 80, False)],
    "no default site, one host": [("b.test", 8000, False)],
    "no default site, one host on two ports": [("b.test", 8000, False), ("b.test", 8001, False)],
    "no site": [],
}
REQUESTS = [
    ("a.test", 80),
    ("a.test", 8080),
    ("a.test", 443),
    ("b.test", 80),
    ("b.test", 8000),
    ("b.test", 8001),
    ("c.test", 80),
    ("localhost", 80),
]


def wagtails_choice(hostname: str, port: int) -> int | None:
    try:
        return get_site_for_hostname(hostname, port).root_page_id
    except Site.DoesNotExist:
        return None


def sqls_choice(hostname: str, port: int) -> int | None:
    sql, params = site_root(hostname, port)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return cursor.fetchone()[0]


def build(layout: list[tuple[str, int, bool]]) -> None:
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for index, (hostname, port, default) in enumerate(layout):
        home = root.add_child(instance=Page(title=f"Home {index}", slug=f"site-rule-{index}"))
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_the_api_chooses_the_site_wagtail_chooses(db, layout):
    build(layout)
    for hostname, port in REQUESTS:
        assert sqls_choice(hostname, port) == wagtails_choice(hostname, port), (hostname, port)
