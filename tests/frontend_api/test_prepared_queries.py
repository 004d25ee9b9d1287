"""Compiled queries answer exactly what the ORM (and Wagtail) would."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from frontend_api.compiled import CompiledQuery, Slot
from frontend_api.sites import find_site
from health_content.models import TreatmentArticlePage
from tests.factories import HealthHomePageFactory


@pytest.fixture
def sites(home):
    other_home = HealthHomePageFactory(parent=Page.get_first_root_node(), title="Other")
    return [
        Site.objects.get(is_default_site=True),
        Site.objects.create(hostname="other.example", port=80, root_page=other_home),
        Site.objects.create(hostname="other.example", port=8080, root_page=home),
        Site.objects.create(hostname="third.example", port=8080, root_page=other_home),
    ]


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("localhost", "80"),
        ("other.example", "80"),
        ("other.example:8080", "8080"),
        ("other.example:9999", "9999"),
        ("third.example:80", "80"),
        ("unknown.example", "80"),
    ],
)
def test_find_site_chooses_the_site_wagtail_chooses(sites, host, port):
    factory = RequestFactory()
    ours = find_site(factory.get("/", HTTP_HOST=host, SERVER_PORT=port))
    wagtails = Site.find_for_request(factory.get("/", HTTP_HOST=host, SERVER_PORT=port))
    assert (ours and ours.pk) == (wagtails and wagtails.pk)
    if ours is not None:
        assert ours.root_page.pk == wagtails.root_page.pk
        assert ours.root_page.url_path == wagtails.root_page.url_path


def test_a_port_that_is_not_a_number_is_treated_as_an_unknown_port(sites):
    factory = RequestFactory()
    ours = find_site(factory.get("/", HTTP_HOST="other.example", SERVER_PORT="not-a-port"))
    unknown_port = factory.get("/", HTTP_HOST="other.example", SERVER_PORT="9999")
    assert ours.pk == Site.find_for_request(unknown_port).pk


def test_a_slot_missing_from_the_query_is_refused(db):
    with pytest.raises(ValueError, match="does not appear"):
        CompiledQuery.compile(TreatmentArticlePage.objects.all(), pk=Slot(-1_999_999_001))


def test_a_compiled_query_runs_with_new_values(db, make_article):
    first, second = make_article(title="First"), make_article(title="Second")
    slot = Slot(-1_999_999_001)
    query = CompiledQuery.compile(TreatmentArticlePage.objects.filter(pk=slot.sentinel), pk=slot)
    assert [page.title for page in query.instances(pk=first.pk)] == ["First"]
    assert [page.title for page in query.instances(pk=second.pk)] == ["Second"]
