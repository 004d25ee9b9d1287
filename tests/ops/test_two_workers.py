"""Two app server processes serve identical bytes, whatever changes outside a sign-off.

Each test makes a change the old request-time rendering would have shown to one process and
not the other (a snippet, an image file, the page row, a fixture, a disclaimer, the clock),
then asks both servers for the article: they answer the same bytes, which are the signed ones
(or, for a disclaimer, the reissued document).
"""

import io
import json
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from health_content.models import Disclaimer, TreatmentArticlePage
from tests.factories import ContentSourceFactory, signed_off_article
from tests.frontend_api.conftest import republish
from tests.ops.servers import Client, gunicorn, production_env

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PORTS = (8203, 8204)


@pytest.fixture(scope="module")
def servers(django_db_setup, static_root, tmp_path_factory):
    logs = tmp_path_factory.mktemp("two-workers")
    media = tmp_path_factory.mktemp("media")
    env = production_env(static_root, API_THROTTLE_RATE="off", MEDIA_ROOT=str(media))
    with ExitStack() as stack:
        for port in PORTS:
            stack.enter_context(gunicorn(port, env, logs / f"{port}.log"))
        yield [Client(port) for port in PORTS]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def both(servers, article) -> bytes:
    """The article's detail from each server: the same bytes, returned once."""
    answers = [server.get(f"/api/v1/articles/{article.pk}/") for server in servers]
    assert [answer.status for answer in answers] == [200, 200]
    assert answers[0].body == answers[1].body
    return answers[0].body


@pytest.fixture
def article(health_center):
    source = ContentSourceFactory(name="Spine Society", attribution="From the society.")
    image = get_image_model().objects.create(title="Spine", file=get_test_image_file())
    return signed_off_article(
        parent=health_center, source=source, hero_image=image, hero_image_alt="A spine"
    )


def test_a_reworded_content_source(servers, article):
    before = both(servers, article)
    article.source.attribution = "Reworded after the review."
    article.source.save()
    assert both(servers, article) == before


def test_a_replaced_image_file(servers, article):
    before = both(servers, article)
    article.hero_image.file = get_test_image_file(filename="b.png", colour="black")
    article.hero_image.save()
    assert both(servers, article) == before


def test_a_queryset_update_and_raw_sql_on_the_page_row(servers, article):
    before = both(servers, article)
    TreatmentArticlePage.objects.filter(pk=article.pk).update(summary="Never reviewed.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = %s WHERE id = %s", ["X", article.pk])
    assert both(servers, article) == before


def test_loaddata_of_a_changed_page(servers, article, tmp_path):
    before = both(servers, article)
    out = io.StringIO()
    call_command("dumpdata", "health_content.treatmentarticlepage", stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        row["fields"]["summary"] = "Loaded, never reviewed."
    (tmp_path / "changed.json").write_text(json.dumps(rows))
    call_command("loaddata", str(tmp_path / "changed.json"), verbosity=0)
    assert both(servers, article) == before


def test_a_disclaimer_change_reaches_both_at_once(servers, article):
    both(servers, article)
    default = Disclaimer.objects.get(is_site_default=True)
    default.text = "New legal words for everyone."
    default.save()
    assert json.loads(both(servers, article))["disclaimer"]["text"] == default.text


def test_an_expiry_holds_at_its_instant_on_both(servers, article):
    republish(article, expire_at=timezone.now() + timedelta(seconds=2))
    both(servers, article)
    import time

    time.sleep(2.5)  # the servers' own clocks pass the instant; the scheduler never runs
    answers = [server.get(f"/api/v1/articles/{article.pk}/") for server in servers]
    assert [answer.status for answer in answers] == [404, 404]
