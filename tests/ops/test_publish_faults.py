"""A publish that fails half-way leaves the article and its sign-offs exactly as they were."""

import pytest
from django.db import DatabaseError, connection
from django.dispatch import receiver
from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published

from health_content.models import TreatmentArticlePage
from review_workflow.models import ArticlePublication, MedicalSignOff
from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import reviewer

pytestmark = pytest.mark.django_db


def snapshot(article) -> dict:
    """Everything a failed publish could have half-written, read fresh from the database."""
    return {
        "page": TreatmentArticlePage.objects.filter(pk=article.pk).values().get(),
        "revisions": list(Revision.page_revisions.filter(object_id=str(article.pk)).values()),
        "sign_offs": list(MedicalSignOff.objects.filter(page_id=article.pk).values()),
        "publications": list(ArticlePublication.objects.filter(page_id=article.pk).values()),
        "audit": list(PageLogEntry.objects.filter(page_id=article.pk).values("action")),
    }


@pytest.fixture
def draft_on_live(published_article):
    """A live, signed-off article with a changed draft waiting to be signed off and published."""
    published_article.title = "Treatment options, revised"
    published_article.summary = "A revised lead paragraph."
    revision = published_article.save_revision()
    return published_article, revision


def attempt_publish(revision):
    return publish_signed_off(revision=revision, reviewer=reviewer())


def test_a_page_published_receiver_raising_leaves_the_article_and_sign_offs_as_before(
    draft_on_live,
):
    article, revision = draft_on_live
    before = snapshot(article)

    @receiver(page_published)
    def broken_receiver(sender, **kwargs):
        raise RuntimeError("a receiver failed in the middle of the publish")

    try:
        with pytest.raises(RuntimeError):
            attempt_publish(revision)
    finally:
        page_published.disconnect(broken_receiver)
    assert snapshot(article) == before


def test_the_database_refusing_the_page_write_leaves_everything_as_before(draft_on_live):
    article, revision = draft_on_live
    before = snapshot(article)

    def refuse_page_updates(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith('UPDATE "WAGTAILCORE_PAGE"'):
            raise DatabaseError("could not write: the disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_page_updates), pytest.raises(DatabaseError):
        attempt_publish(revision)
    assert snapshot(article) == before


def test_the_database_refusing_the_publication_record_leaves_everything_as_before(draft_on_live):
    """The last write of a publish (the publication record) fails: the page write is undone."""
    article, revision = draft_on_live
    before = snapshot(article)
    table = ArticlePublication._meta.db_table.upper()

    def refuse_publication_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(f'INSERT INTO "{table}"'):
            raise DatabaseError("could not write: the disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_publication_insert), pytest.raises(DatabaseError):
        attempt_publish(revision)
    assert snapshot(article) == before


@pytest.mark.postgres
def test_a_postgresql_trigger_refusing_the_article_write_leaves_everything_as_before(
    draft_on_live,
):
    """The database itself refuses (a trigger raising), not a wrapper in Python."""
    article, revision = draft_on_live
    before = snapshot(article)
    table = TreatmentArticlePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'writes refused'; END $$"
        )
        cursor.execute(
            f'CREATE TRIGGER refuse_write BEFORE UPDATE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION refuse_write()"
        )
    with pytest.raises(DatabaseError, match="writes refused"):
        attempt_publish(revision)
    assert snapshot(article) == before


def test_after_a_failed_publish_the_same_draft_can_still_be_published(draft_on_live):
    article, revision = draft_on_live

    @receiver(page_published)
    def broken_once(sender, **kwargs):
        page_published.disconnect(broken_once)
        raise RuntimeError("a receiver failed once")

    with pytest.raises(RuntimeError):
        attempt_publish(revision)
    attempt_publish(revision)
    article.refresh_from_db()
    assert article.live_revision_id == revision.pk and article.title == revision.content["title"]
