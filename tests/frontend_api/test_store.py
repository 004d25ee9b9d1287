"""Readers get exactly what was signed: nothing outside a sign-off changes a stored document.

Each test changes something the old request-time rendering would have shown (a snippet, an
image file, the page row, a fixture, a disclaimer, the clock) and checks the bytes readers get.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from frontend_api.models import PublishedArticle
from health_content.models import Disclaimer, DisclaimerVersion, TreatmentArticlePage
from review_workflow.models import ArticlePublication, MedicalSignOff, ReReviewRequest
from review_workflow.records.rereview import open_requests
from tests.factories import (
    ContentSourceFactory,
    DisclaimerFactory,
    red_flags,
    signed_off_article,
    treatment_tier,
)

from .conftest import get_article, republish

LIST = "/api/v1/articles/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def served(api, article) -> bytes:
    response = get_article(api, article)
    assert response.status_code == 200
    return response.content


def test_rewording_the_content_source_changes_nothing_served_and_asks_for_a_review(
    api, health_center
):
    source = ContentSourceFactory(name="Spine Society", attribution="From the spine society.")
    article = signed_off_article(parent=health_center, source=source)
    before = served(api, article)
    source.attribution = "Now from somebody else entirely."
    source.save()
    assert served(api, article) == before
    assert json.loads(before)["source"]["attribution"] == "From the spine society."
    assert open_requests(article.pk) == [
        "content source 'Spine Society' changed (attribution)",
    ]


def test_replacing_an_image_file_changes_nothing_served_and_asks_for_a_review(api, health_center):
    image = get_image_model().objects.create(title="Spine", file=get_test_image_file())
    article = signed_off_article(parent=health_center, hero_image=image, hero_image_alt="A spine")
    before = served(api, article)
    image.file = get_test_image_file(filename="other.png", colour="black", size=(320, 200))
    image.save()
    assert served(api, article) == before
    assert len(open_requests(article.pk)) == 1
    assert "image 'Spine' changed (file" in open_requests(article.pk)[0]


def test_saving_a_dependency_without_changing_what_readers_see_asks_for_nothing(health_center):
    source = ContentSourceFactory(name="Spine Society")
    article = signed_off_article(parent=health_center, source=source)
    source.save()
    assert open_requests(article.pk) == []


def test_a_new_signed_publication_answers_the_re_review_request(api, health_center):
    source = ContentSourceFactory(name="Spine Society", attribution="Old attribution.")
    article = signed_off_article(parent=health_center, source=source)
    source.attribution = "New attribution."
    source.save()
    republish(article)
    assert open_requests(article.pk) == []
    assert json.loads(served(api, article))["source"]["attribution"] == "New attribution."
    assert ReReviewRequest.objects.get(page_id=article.pk).resolved_by_publication_id


def test_a_queryset_update_of_the_page_row_changes_nothing_served(api, published_article):
    before = served(api, published_article)
    TreatmentArticlePage.objects.filter(pk=published_article.pk).update(
        summary="Take 4000 mg of anything."
    )
    Page.objects.filter(pk=published_article.pk).update(title="Unreviewed title")
    assert served(api, published_article) == before


def test_raw_sql_on_the_page_row_changes_nothing_served(api, published_article):
    before = served(api, published_article)
    table = TreatmentArticlePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET summary = %s", ["Raw SQL wording."])
    assert served(api, published_article) == before


def test_loading_a_changed_page_from_a_fixture_changes_nothing_served(
    api, published_article, tmp_path
):
    before = served(api, published_article)
    out = io.StringIO()
    call_command("dumpdata", "health_content.treatmentarticlepage", stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        row["fields"]["summary"] = "Loaded from a fixture, never reviewed."
    fixture = tmp_path / "changed.json"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    assert TreatmentArticlePage.objects.get(pk=published_article.pk).summary.startswith("Loaded")
    assert served(api, published_article) == before


def test_a_disclaimer_change_reaches_readers_without_a_sign_off_and_is_recorded(
    api, published_article
):
    sign_offs = MedicalSignOff.objects.count()
    default = Disclaimer.objects.get(is_site_default=True)
    old_version = default.current_version()
    default.text = "New legal words."
    default.save()
    document = json.loads(served(api, published_article))
    assert document["disclaimer"] == {
        "title": default.title,
        "text": "New legal words.",
        "version": old_version.number + 1,
    }
    assert MedicalSignOff.objects.count() == sign_offs
    latest = ArticlePublication.objects.filter(page_id=published_article.pk).first()
    assert latest.kind == ArticlePublication.Kind.REISSUED
    assert latest.disclaimer_version_id == default.current_version().pk
    assert (
        latest.sign_off_id
        == MedicalSignOff.objects.get(revision_id=published_article.live_revision_id).pk
    )
    assert DisclaimerVersion.objects.filter(pk=old_version.pk, text=old_version.text).exists()


def test_what_a_reader_saw_on_a_date_is_the_newest_record_at_that_date(api, published_article):
    published_at = ArticlePublication.objects.get(page_id=published_article.pk).published_at
    default = Disclaimer.objects.get(is_site_default=True)
    first_version = default.current_version()
    default.text = "Second wording."
    default.save()
    records = ArticlePublication.objects.filter(page_id=published_article.pk)
    at_publication = records.filter(published_at__lte=published_at).first()
    assert at_publication.disclaimer_version_id == first_version.pk
    assert records.first().disclaimer_version_id == default.current_version().pk


def test_choosing_another_default_disclaimer_reissues_the_articles_that_show_it(
    api, published_article
):
    DisclaimerFactory(title="Stricter", text="Stricter words.", is_site_default=True)
    assert json.loads(served(api, published_article))["disclaimer"]["text"] == "Stricter words."


@pytest.mark.parametrize(
    "url",
    ["detail", "find", "list", "search", "history"],
)
def test_an_article_is_not_served_past_its_expiry_whatever_the_scheduler_does(
    api, health_center, time_travel, url
):
    article = signed_off_article(parent=health_center, title="Sciatica relief")
    republish(article, expire_at=timezone.now() + timedelta(hours=1))
    urls = {
        "detail": f"/api/v1/articles/{article.pk}/",
        "find": f"/api/v1/articles/find/?path=/{health_center.slug}/{article.slug}/",
        "list": LIST,
        "search": f"{LIST}?search=sciatica",
        "history": f"/api/v1/articles/{article.pk}/history/",
    }
    before = api.get(urls[url])
    assert before.status_code == 200 and str(article.pk) in before.content.decode()
    time_travel(hours=1, seconds=1)
    after = api.get(urls[url])
    if url in ("list", "search"):
        assert after.json()["results"] == []
    else:
        assert after.status_code == 404
    assert TreatmentArticlePage.objects.get(pk=article.pk).live  # the scheduler has not run


def test_the_scheduler_records_the_expiry_as_of_its_instant(health_center, time_travel):
    article = signed_off_article(parent=health_center)
    expiry = timezone.now() + timedelta(minutes=5)
    republish(article, expire_at=expiry)
    time_travel(minutes=30)
    call_command("publish_scheduled", stdout=io.StringIO())
    withdrawal = ArticlePublication.objects.filter(page_id=article.pk).first()
    assert withdrawal.kind == ArticlePublication.Kind.WITHDRAWN
    assert withdrawal.published_at == expiry
    assert not PublishedArticle.objects.filter(pk=article.pk).exists()


def test_unpublishing_withdraws_the_document_and_records_it(api, published_article):
    published_article.unpublish()
    assert get_article(api, published_article).status_code == 404
    withdrawal = ArticlePublication.objects.filter(page_id=published_article.pk).first()
    assert (withdrawal.kind, withdrawal.reason) == ("withdrawn", "unpublished")


def test_deleting_an_article_withdraws_it_and_keeps_its_records(api, published_article):
    pk = published_article.pk
    published_article.delete()
    assert api.get(f"/api/v1/articles/{pk}/").status_code == 404
    records = ArticlePublication.objects.filter(page_id=pk)
    assert list(records.values_list("kind", "reason")) == [
        ("withdrawn", "unpublished"), ("published", ""),
    ]  # fmt: skip


def test_making_a_health_center_private_hides_its_articles_until_it_is_public_again(
    api, published_article, health_center
):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=health_center, restriction_type=PageViewRestriction.LOGIN
    )
    assert get_article(api, published_article).status_code == 404
    restriction.delete()
    assert get_article(api, published_article).status_code == 200
    kinds = [r.kind for r in ArticlePublication.objects.filter(page_id=published_article.pk)]
    assert kinds == ["reissued", "withdrawn", "published"]


def test_moving_an_article_serves_it_at_its_new_path_with_the_same_signed_content(
    api, published_article, other_center
):
    before = json.loads(served(api, published_article))
    published_article.move(other_center, pos="last-child")
    after = json.loads(served(api, published_article))
    assert after["url_path"] == f"/heart-health/{published_article.slug}/"
    assert after["health_center"]["slug"] == "heart-health"
    assert {k: after[k] for k in ("title", "summary", "body")} == {
        k: before[k] for k in ("title", "summary", "body")
    }


def test_renaming_a_related_article_asks_the_linking_article_for_a_review(api, make_article):
    related = make_article(title="Medicines")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [related.pk]}}
    article = make_article(body=[treatment_tier(refs="1"), red_flags(), block])
    before = served(api, article)
    republish(related, title="Medicines for back pain")
    assert served(api, article) == before
    assert open_requests(article.pk) == [
        "related article 'Medicines' is now titled 'Medicines for back pain'"
    ]


def test_withdrawing_a_related_article_drops_the_link_from_the_documents_that_show_it(
    api, make_article
):
    related = make_article(title="Medicines")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [related.pk]}}
    article = make_article(body=[treatment_tier(refs="1"), red_flags(), block])
    assert [a["id"] for a in json.loads(served(api, article))["related"]] == [related.pk]
    related.unpublish()
    document = json.loads(served(api, article))
    assert document["related"] == []
    assert document["body"][-1]["value"]["articles"] == []


def test_an_uploaded_image_in_the_admin_style_is_a_dependency(health_center):
    # An image uploaded through a form is saved with a file object; the dependency is the row.
    upload = SimpleUploadedFile("x.png", get_test_image_file().file.getvalue())
    image = get_image_model().objects.create(title="Uploaded", file=upload)
    article = signed_off_article(parent=health_center, hero_image=image, hero_image_alt="x")
    image.title = "Renamed only"
    image.save()
    assert open_requests(article.pk) == []


def test_the_page_type_above_an_article_decides_whether_it_is_served(
    published_article, monkeypatch
):
    from frontend_api.store.placing import places
    from frontend_api.store.writer import article_row
    from health_content.models import HealthCenterPage

    row = article_row(published_article)
    assert published_article.pk in places([row])
    monkeypatch.setattr(HealthCenterPage, "serves_reviewed_articles", False)
    assert places([row]) == {}


def test_a_refresh_shows_the_disclaimer_the_page_type_names(published_article, monkeypatch):
    from frontend_api.store import writer as store

    own = DisclaimerFactory(text="Our own wording.").current_version()
    monkeypatch.setattr(TreatmentArticlePage, "get_disclaimer_version", lambda page: own)
    store.refresh([published_article.pk], reason="the page type's disclaimer")
    assert PublishedArticle.objects.get(pk=published_article.pk).disclaimer_version_id == own.pk
