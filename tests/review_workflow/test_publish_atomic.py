"""A publish is all or nothing, on every path that makes a reviewed article live.

Each test makes one step of the publish fail for real (the step runs, then raises) and checks
that nothing is left half done: the page is not live in a version that has no stored document
and publication record, no record exists for a version that is not live, and no webhook is
queued. The tests run without an outer transaction (``transaction=True``), so a path that
does not open one of its own would leave the page row committed as live.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from frontend_api.models import PublishedArticle
from frontend_api.search.models import SearchEntry
from frontend_api.webhooks.models import WebhookEndpoint, WebhookEvent
from health_content.models import TreatmentArticlePage
from review_workflow.models import ArticlePublication, MedicalSignOff
from review_workflow.publishing.decisions import publish_signed_off, sign_off_revision
from review_workflow.rules.attestation import Attestation
from tests.factories import TreatmentArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class StepFailed(Exception):
    """The failure injected into one step of a publish."""


# Each step runs for real and then fails, so whatever it wrote must be rolled back.
STEPS = {
    "sign-off record": "review_workflow.publishing.decisions._record",
    "publication record": "review_workflow.publishing.publication.audit_record",
    "stored document": "frontend_api.store.writer._write_documents",
    "search row": "frontend_api.search.indexing.index",
    "outbox": "frontend_api.webhooks.announcements.record_event",
}


def failing_after(target: str):
    module_name, name = target.rsplit(".", 1)
    real = getattr(__import__(module_name, fromlist=[name]), name)

    def step(*args, **kwargs):
        real(*args, **kwargs)
        raise StepFailed(target)

    return mock.patch(target, new=step)


@dataclass(frozen=True)
class Snapshot:
    """What readers and records say about some pages."""

    live: tuple
    publications: tuple
    stored: tuple
    search_rows: tuple
    sign_offs: int
    events: int

    @classmethod
    def of(cls, page_ids: list[int]) -> Snapshot:
        pages = Page.objects.filter(pk__in=page_ids).order_by("pk")
        records = ArticlePublication.objects.filter(page_id__in=page_ids).order_by("pk")
        stored = PublishedArticle.objects.filter(pk__in=page_ids).order_by("pk")
        search = SearchEntry.objects.filter(article_id__in=page_ids).order_by("article_id")
        return cls(
            live=tuple(pages.values_list("pk", "live", "live_revision_id")),
            publications=tuple(records.values_list("pk", flat=True)),
            stored=tuple(stored.values_list("pk", "publication_id", "etag")),
            search_rows=tuple(search.values_list("article_id", "title")),
            sign_offs=MedicalSignOff.objects.filter(page_id__in=page_ids).count(),
            events=WebhookEvent.objects.count(),
        )


def assert_live_only_as_recorded_and_stored(page_ids: list[int]) -> None:
    """Every live page's live revision has a publication record and a stored document of it;
    every stored document and newest signed record is of the live revision."""
    for page in Page.objects.filter(pk__in=page_ids):
        newest = ArticlePublication.objects.filter(page_id=page.pk).order_by("-version").first()
        stored = PublishedArticle.objects.filter(pk=page.pk).first()
        if page.live:
            assert newest is not None and newest.revision_id == page.live_revision_id
            assert stored is not None and stored.publication_id == newest.pk
        else:
            assert stored is None
            assert newest is None or newest.kind == ArticlePublication.Kind.WITHDRAWN


@pytest.fixture
def subscriber(db):
    """A front end subscribed to every article event, so a publish queues a webhook."""
    return WebhookEndpoint.objects.create(
        name="Front end",
        url="https://front-end.example/hooks",
        events=["article.published", "article.unpublished", "article.moved"],
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def signed_draft(parent, signer):
    draft = TreatmentArticlePageFactory(parent=parent)
    sign_off_revision(
        revision=draft.latest_revision, reviewer=signer, attestation=Attestation.affirmed()
    )
    return draft


def bulk_publish_url(*page_ids: int) -> str:
    query = "&".join(f"id={pk}" for pk in page_ids)
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + "?" + query


def workflow_approval(request):
    """A reviewer approves from the admin; the approval finishes the workflow, which publishes."""
    health_center = request.getfixturevalue("health_center")
    request.getfixturevalue("medical_workflow")
    editor, rosa = request.getfixturevalue("editor"), request.getfixturevalue("rosa")
    draft = TreatmentArticlePageFactory(parent=health_center)
    draft.get_workflow().start(draft, editor)
    state = TreatmentArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    client = request.getfixturevalue("client")
    client.force_login(rosa)
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk])
    attested = {"reviewed_whole_content": "on", "evidence_current": "on"}
    data = {**attested, "conflict_of_interest": "none", "comment": ""}
    return [draft.pk], lambda: client.post(url, data)


def admin_publish(request):
    """An editor publishes one signed article from the admin's page listing."""
    draft = signed_draft(request.getfixturevalue("health_center"), request.getfixturevalue("rosa"))
    client = request.getfixturevalue("admin_client")
    return [draft.pk], lambda: client.post(bulk_publish_url(draft.pk), {})


def bulk_publish(request):
    """An editor publishes a health center with its signed articles below it, in bulk."""
    health_center = request.getfixturevalue("health_center")
    rosa = request.getfixturevalue("rosa")
    drafts = [signed_draft(health_center, rosa), signed_draft(health_center, rosa)]
    client = request.getfixturevalue("admin_client")
    url = bulk_publish_url(*[draft.pk for draft in drafts])
    return [draft.pk for draft in drafts], lambda: client.post(url, {"include_descendants": "on"})


def scheduled_go_live(request):
    """A signed article whose go-live time has passed, published by the scheduler."""
    draft = signed_draft(request.getfixturevalue("health_center"), request.getfixturevalue("rosa"))
    past = timezone.now() - datetime.timedelta(minutes=5)
    Revision.objects.filter(pk=draft.latest_revision_id).update(approved_go_live_at=past)
    return [draft.pk], lambda: call_command("publish_scheduled", stdout=io.StringIO())


def revert(request):
    """A live article is reverted to its earlier signed version, which is published again."""
    article = request.getfixturevalue("published_article")
    rosa, superuser = request.getfixturevalue("rosa"), request.getfixturevalue("superuser")
    earlier = Revision.objects.get(pk=article.live_revision_id)
    article.summary = "A second, signed lead paragraph."
    later = article.save_revision()
    publish_signed_off(revision=later, reviewer=rosa, attestation=Attestation.affirmed())
    return [article.pk], lambda: earlier.publish(user=superuser, previous_revision=earlier)


PATHS = {
    "workflow approval": workflow_approval,
    "admin publish": admin_publish,
    "bulk publish": bulk_publish,
    "scheduled go-live": scheduled_go_live,
    "revert": revert,
}
# Only an approval records a sign-off as it publishes; the other paths publish one made before.
CASES = [
    (path, step)
    for path in PATHS
    for step in STEPS
    if step != "sign-off record" or path == "workflow approval"
]


@pytest.mark.parametrize(("path", "step"), CASES)
def test_a_failing_step_leaves_nothing_half_published(request, subscriber, path, step):
    page_ids, publish = PATHS[path](request)
    before = Snapshot.of(page_ids)
    with failing_after(STEPS[step]), pytest.raises(StepFailed):
        publish()
    assert Snapshot.of(page_ids) == before
    assert_live_only_as_recorded_and_stored(page_ids)


@pytest.mark.parametrize("path", PATHS)
def test_each_path_publishes_with_a_record_a_stored_document_and_a_webhook(
    request, subscriber, path
):
    # The counterpart of the failure cases: without a failure the same act publishes whole.
    page_ids, publish = PATHS[path](request)
    events = WebhookEvent.objects.count()
    publish()
    assert all(Page.objects.get(pk=pk).live for pk in page_ids)
    assert_live_only_as_recorded_and_stored(page_ids)
    assert WebhookEvent.objects.count() == events + len(page_ids)
