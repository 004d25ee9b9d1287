"""The batch publish (``publish_signed_batch``, through ``import_signed_off_batch``) leaves
exactly what publishing the same revisions one by one leaves, all or nothing, in a number of
queries that does not grow with the batch."""

import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry

from frontend_api.models import PublishedArticle, PublishedLink
from frontend_api.search.models import SearchEntry
from frontend_api.webhooks.models import WebhookEvent
from health_content.models import TreatmentArticlePage
from review_workflow.contract import (
    BatchRefused,
    ImportedReview,
    import_signed_off,
    import_signed_off_batch,
)
from review_workflow.models import ArticlePublication, MedicalSignOff
from review_workflow.models.audit import AuditEntry
from review_workflow.publishing.guard import SignedVersion
from review_workflow.publishing.service import SignedPage, publish_signed_batch
from review_workflow.records.audit import verify_records
from review_workflow.rules.eligibility import Candidate
from tests.factories import (
    HealthCenterPageFactory,
    TreatmentArticlePageFactory,
    red_flags,
    reviewer,
    signed_off_article,
    translation_of,
    treatment_tier,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SIGNED_AT = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
ROW_IDS = {"sign_off_id", "publication_id"}  # our rows' ids: another on each PostgreSQL run


def related(*pages) -> dict:
    return {
        "type": "related_articles",
        "value": {"heading": "Related articles", "articles": [page.pk for page in pages]},
    }


@pytest.fixture
def library(db):
    """Four draft articles under one center; the third and fourth link to earlier ones."""
    center = HealthCenterPageFactory()
    first = TreatmentArticlePageFactory(parent=center, title="First")
    second = TreatmentArticlePageFactory(parent=center, title="Second")
    body = [treatment_tier(refs="1"), red_flags()]
    third = TreatmentArticlePageFactory(
        parent=center, title="Third", body=[*body, related(first, second)]
    )
    fourth = TreatmentArticlePageFactory(
        parent=center, title="Fourth", body=[*body, related(third)]
    )
    return [first, second, third, fourth], reviewer()


def reviews(pages, signer) -> list[ImportedReview]:
    return [
        ImportedReview(Page.objects.get(pk=page.pk).latest_revision, signer, SIGNED_AT)
        for page in pages
    ]


def outcome(pages, publish) -> dict:
    """What ``publish`` leaves for these pages, then rolled back (the same input again)."""
    point = transaction.savepoint()
    with time_machine.travel(NOW, tick=False):
        publish()
    left = snapshot([page.pk for page in pages])
    transaction.savepoint_rollback(point)
    return left


def without_row_ids(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in ROW_IDS}


def snapshot(ids: list[int]) -> dict:
    """Everything a publish writes about these pages, without our rows' own ids."""
    keys = [str(pk) for pk in ids]
    chain = {pk: [] for pk in ids}
    for entry in AuditEntry.objects.filter(page_id__in=ids).order_by("position"):
        chain[entry.page_id].append((entry.event, entry.username, without_row_ids(entry.data)))
    return {
        "pages": list(
            Page.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list(
                "pk",
                "live",
                "live_revision_id",
                "has_unpublished_changes",
                "expired",
                "first_published_at",
                "last_published_at",
                "title",
                "url_path",
            )
        ),
        "review_facts": list(
            TreatmentArticlePage.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "last_reviewed", "next_review_due", "last_updated")
        ),
        "sign_offs": list(
            MedicalSignOff.objects.filter(page_id__in=ids)
            .order_by("page_id")
            .values_list(
                "page_id",
                "revision_id",
                "fingerprint",
                "decision",
                "imported",
                "signed_at",
                "reviewer_name",
                "reading_grade",
                "reviewed_content",
            )
        ),
        "publications": list(
            ArticlePublication.objects.filter(page_id__in=ids)
            .order_by("page_id", "version")
            .values_list(
                "page_id",
                "kind",
                "version",
                "revision_id",
                "fingerprint",
                "disclaimer_version_id",
                "published_at",
                "last_updated",
                "last_reviewed",
                "next_review_due",
                "sign_off__revision_id",
            )
        ),
        "chain": chain,
        "stored": list(
            PublishedArticle.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list(
                "pk",
                "detail",
                "list_item",
                "etag",
                "title",
                "slug",
                "linked_ids",
                "fingerprint",
                "published_at",
                "disclaimer_version_id",
                "expires_at",
            )
        ),
        "search_rows": list(
            SearchEntry.objects.filter(article_id__in=ids)
            .order_by("article_id")
            .values_list("article_id", "title", "lead", "headings", "body", "center_title")
        ),
        "links": sorted(
            PublishedLink.objects.filter(article_id__in=ids).values_list(
                "article_id", "target_page_id"
            )
        ),
        "outbox": sorted(
            (event.event_type, event.payload["data"].get("id"))
            for event in WebhookEvent.objects.all()
        ),
        "history": sorted(
            PageLogEntry.objects.filter(page_id__in=ids).values_list(
                "page_id", "action", "user__username", "revision_id", "content_changed", "label"
            )
        ),
        "references": sorted(
            ReferenceIndex.objects.filter(object_id__in=keys).values_list(
                "object_id", "to_content_type_id", "to_object_id", "model_path", "content_path"
            )
        ),
        "wagtail_search": sorted(
            IndexEntry.objects.filter(object_id__in=keys).values_list(
                "object_id", "title", "autocomplete", "body"
            )
        ),
    }


def one_by_one(pages, signer):
    for review in reviews(pages, signer):
        import_signed_off(revision=review.revision, reviewer=signer, signed_at=SIGNED_AT)


@pytest.mark.django_db(transaction=False)
def in_layers(pages, signer):
    # As the importer batches them: an article after those of the batch it links to, whose
    # titles its reviewed content shows only once they are live.
    first, second, third, fourth = pages
    for layer in ([first, second], [third], [fourth]):
        import_signed_off_batch(reviews(layer, signer))


def test_a_batch_leaves_exactly_what_publishing_one_by_one_leaves(library):
    pages, signer = library
    alone = outcome(pages, lambda: one_by_one(pages, signer))
    batched = outcome(pages, lambda: in_layers(pages, signer))
    assert alone["stored"] and all(row[1] for row in alone["pages"])  # published, stored
    for part in alone:
        assert batched[part] == alone[part], part


def test_a_batch_of_translations_leaves_their_originals_as_one_by_one_does(db):
    """The originals' stored documents name their translations once these are served."""
    center = HealthCenterPageFactory()
    originals = [signed_off_article(parent=center, title=f"Original {n}") for n in range(2)]
    translations = [translation_of(original) for original in originals]
    signer = reviewer(languages=["en", "es"])
    pages = [*originals, *translations]
    alone = outcome(pages, lambda: one_by_one(translations, signer))
    batched = outcome(pages, lambda: import_signed_off_batch(reviews(translations, signer)))
    named = [json.loads(bytes(row[1]))["translations"] for row in alone["stored"][:2]]
    assert [[t["id"] for t in names] for names in named] == [[t.pk] for t in translations]
    for part in alone:
        assert batched[part] == alone[part], part


def test_a_batch_leaves_an_intact_audit_chain(library):
    pages, signer = library
    import_signed_off_batch(reviews(pages, signer))
    records = [
        {**entry, "hash": entry["entry_hash"]}
        for entry in AuditEntry.objects.order_by("position").values()
    ]
    assert verify_records(records).intact
    events = [r["event"] for r in records if r["page_id"] in {p.pk for p in pages}]
    assert events.count("published") == events.count("sign_off") == len(pages)


def test_a_refused_review_leaves_nothing_of_its_batch(library):
    pages, signer = library
    refused = reviews(pages, signer)
    lapsed = reviewer(licence_expires=date(2025, 1, 1))  # before the review's date
    refused[2] = ImportedReview(refused[2].revision, lapsed, SIGNED_AT)
    with pytest.raises(BatchRefused) as failure:
        import_signed_off_batch(refused)
    assert failure.value.position == 2
    ids = [page.pk for page in pages]
    assert not MedicalSignOff.objects.filter(page_id__in=ids).exists()
    assert not ArticlePublication.objects.filter(page_id__in=ids).exists()
    assert not AuditEntry.objects.filter(page_id__in=ids).exists()
    assert not PublishedArticle.objects.filter(pk__in=ids).exists()
    assert not Page.objects.filter(pk__in=ids, live=True).exists()


def test_a_page_whose_proof_is_of_another_revision_refuses_the_batch(library):
    pages, signer = library
    [review] = reviews(pages[:1], signer)
    candidate = Candidate.of(review.revision)
    other = TreatmentArticlePageFactory().latest_revision
    with pytest.raises(BatchRefused):
        publish_signed_batch(
            [SignedPage(review.revision, candidate.page, SignedVersion(other.pk, None, "x"))]
        )
    assert not ArticlePublication.objects.exists()


def batch_queries(count: int) -> int:
    """Queries of one batch publish of ``count`` freshly signed articles (no links)."""
    center = HealthCenterPageFactory()
    signer = reviewer()
    signed = []
    for _ in range(count):
        revision = TreatmentArticlePageFactory(parent=center).latest_revision
        candidate = Candidate.of(revision)
        record = import_signed_off(
            revision=revision, reviewer=signer, signed_at=SIGNED_AT, publish=False
        )
        proof = SignedVersion(revision.pk, record, candidate.fingerprint)
        signed.append(SignedPage(revision, candidate.page, proof, user=signer))
    with CaptureQueriesContext(connection) as queries:
        publish_signed_batch(signed)
    assert PublishedArticle.objects.filter(pk__in=[s.page.pk for s in signed]).count() == count
    # Wagtail's SQLite search backend updates a page it indexed before (these drafts were saved
    # through Wagtail, an import's pages were not) with a statement each; not ours to batch.
    return len([q for q in queries if WAGTAIL_REINDEX not in q["sql"]])


WAGTAIL_REINDEX = 'UPDATE "wagtailsearch_indexentry"'
# A batch publish's queries, whatever its size.
BATCH_QUERY_BOUND = 45


def test_a_batch_publish_makes_as_many_queries_for_eight_pages_as_for_two(db):
    two, eight = batch_queries(2), batch_queries(8)
    assert eight == two
    assert eight <= BATCH_QUERY_BOUND
