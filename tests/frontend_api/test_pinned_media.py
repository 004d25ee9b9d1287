"""Signed media are kept: the image renditions a stored document points to are pinned when the
document is written, survive what Wagtail does to renditions (a file replaced through the
admin's own edit form, the image deleted, renditions purged) while a stored document points to
them, and are cleaned up once none does."""

import hashlib

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from frontend_api.conf import public_url
from frontend_api.models import PinnedRendition, PinnedRenditionUse
from frontend_api.store.media import rendition_storage, storage_name
from frontend_api.store.verification import verify_store
from tests.factories import UserFactory

from .conftest import get_article


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def image():
    return get_image_model().objects.create(title="Spine", file=get_test_image_file())


@pytest.fixture
def admin():
    client = Client()
    client.force_login(UserFactory(username="ada", is_superuser=True, is_staff=True))
    return client


def fetch_media(url: str, settings):
    """GET an image URL as the media server does (``MEDIA_URL`` from ``MEDIA_ROOT``)."""
    assert url.startswith(settings.MEDIA_URL)
    request = RequestFactory().get(url)
    return serve(request, url[len(settings.MEDIA_URL) :], document_root=settings.MEDIA_ROOT)


def served_image(api, article) -> tuple[str, str]:
    response = get_article(api, article)
    assert response.status_code == 200
    data = response.json()
    return data["hero_image"]["url"], data["json_ld"]["image"]["url"]


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_published_image_is_pinned_with_its_size_and_hash(make_article, image, api):
    article = make_article(hero_image=image, hero_image_alt="A spine")
    url, _ = served_image(api, article)
    pinned = PinnedRendition.objects.get()
    assert url == rendition_storage().url(pinned.file)
    assert pinned.source_url == article.get_reviewed_content()["hero_image"]["url"]
    content = rendition_storage().open(pinned.file).read()
    assert (pinned.size, pinned.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert list(PinnedRenditionUse.objects.values_list("article_id", flat=True)) == [article.pk]


def test_an_image_replaced_through_the_admin_edit_form_is_still_served(
    make_article, image, api, admin, settings, django_capture_on_commit_callbacks
):
    article = make_article(hero_image=image, hero_image_alt="A spine")
    url, ld_url = served_image(api, article)
    before = body_of(fetch_media(url, settings))
    rendition_file = image.renditions.get().file.name

    new_file = get_test_image_file(filename="other.png", colour="black", size=(320, 200))
    upload = SimpleUploadedFile("other.png", new_file.file.getvalue(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/images/{image.pk}/",
            {"title": "Spine", "file": upload, "collection": image.collection_id, "tags": ""},
        )
    assert response.status_code == 302, response.content[:2000]
    # Wagtail did delete the signed rendition (its row and its file)...
    assert not image.renditions.filter(file=rendition_file).exists()
    assert not rendition_storage().exists(rendition_file)
    # ...and readers still get the signed image, at a URL that answers.
    assert served_image(api, article) == (url, ld_url)
    assert ld_url == public_url(url)
    served = fetch_media(url, settings)
    assert served.status_code == 200
    assert body_of(served) == before
    assert verify_store().ok


def test_a_deleted_image_and_purged_renditions_leave_the_pinned_file(
    make_article, image, api, settings, django_capture_on_commit_callbacks
):
    article = make_article(hero_image=image, hero_image_alt="A spine")
    url, _ = served_image(api, article)
    Rendition = get_image_model().get_rendition_model()
    with django_capture_on_commit_callbacks(execute=True):
        Rendition.objects.all().delete()
        get_image_model().objects.filter(pk=image.pk).delete()
    assert fetch_media(url, settings).status_code == 200
    assert verify_store().ok


def test_a_pinned_file_is_cleaned_up_once_no_stored_document_points_to_it(
    make_article, image, django_capture_on_commit_callbacks
):
    first = make_article(hero_image=image, hero_image_alt="A spine", title="First")
    second = make_article(hero_image=image, hero_image_alt="A spine", title="Second")
    pinned = PinnedRendition.objects.get()
    assert PinnedRenditionUse.objects.filter(pinned=pinned).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert rendition_storage().exists(pinned.file)  # the second article still points to it
    with django_capture_on_commit_callbacks(execute=True):
        second.unpublish()
    assert not PinnedRendition.objects.exists()
    assert not rendition_storage().exists(pinned.file)


def test_recomposing_keeps_the_copy_pinned_for_the_same_sign_off(make_article, image, api):
    from django.core.management import call_command

    article = make_article(hero_image=image, hero_image_alt="A spine")
    url, _ = served_image(api, article)
    image.renditions.all().delete()
    call_command("backfill_published_articles", "--recompose", verbosity=0)
    assert served_image(api, article)[0] == url
    assert PinnedRendition.objects.count() == 1
    document = orjson.loads(get_article(api, article).content)
    assert storage_name(document["hero_image"]["url"]).startswith("pinned/")
