"""Provable after the fact (issue 20): a record nobody can rewrite or shorten unnoticed.

The scenes an auditor and an attacker with database access would try: the audit chain refuses
UPDATE, DELETE and (PostgreSQL) TRUNCATE; every entry names who acted; ``verify_audit`` checks
the records and the store against the chain, an export's signed checkpoint and a head published
earlier. Tampering goes around the triggers as a database superuser would (``tests.tampering``).
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from cms.scheduled_jobs import publish_audit_head
from frontend_api.models import PublishedArticle
from frontend_api.webhooks.events import EventType
from frontend_api.webhooks.models import WebhookEndpoint, WebhookEvent
from health_content.models import TreatmentArticlePage
from review_workflow.models import ArticlePublication, AuditChainHead, AuditEntry, MedicalSignOff
from review_workflow.publishing.decisions import import_signed_off, sign_off_revision
from review_workflow.publishing.guard import LIVE_ROW_CHANGED
from review_workflow.records import audit
from review_workflow.records.rereview import open_requests
from review_workflow.records.triggers import RECORD_TABLES
from review_workflow.rules.attestation import Attestation
from review_workflow.rules.fingerprint import digest
from tests.factories import TreatmentArticlePageFactory, reviewer, signed_off_article
from tests.review_workflow.test_admin_paths import article_form
from tests.tampering import forge, triggers_disabled

ENTRIES = AuditEntry._meta.db_table
HEAD = AuditChainHead._meta.db_table
POISON = "Take TEN TIMES the usual dose."


def refused(statement: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


def verify_audit(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def verify_audit_fails(*args: str) -> str:
    with pytest.raises(CommandError) as failure:
        verify_audit(*args)
    return str(failure.value)


# 1. Append-only everywhere, in the database.


def test_raw_sql_can_neither_update_nor_delete_an_audit_entry(published_article):
    entry = AuditEntry.objects.filter(page_id=published_article.pk).first()
    assert refused(f"UPDATE {ENTRIES} SET username = 'mallory' WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {ENTRIES} WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {HEAD}")
    assert AuditEntry.objects.get(pk=entry.pk).username == entry.username
    assert audit.verify().intact


@pytest.mark.postgres
@pytest.mark.parametrize("table", RECORD_TABLES)
def test_truncate_is_refused_on_every_record_table(published_article, table):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE fires the row triggers)")
    assert refused(f"TRUNCATE {table} CASCADE")
    assert AuditEntry.objects.filter(page_id=published_article.pk).exists()
    assert MedicalSignOff.objects.filter(page_id=published_article.pk).exists()


def test_every_chain_entry_names_its_actor_the_admin_api_publisher_too(
    client, health_center, superuser
):
    article = TreatmentArticlePageFactory(parent=health_center)
    signer = reviewer()
    sign_off_revision(
        revision=article.latest_revision, reviewer=signer, attestation=Attestation.affirmed()
    )
    client.force_login(superuser)
    url = reverse("wagtailadmin_api:pages:action", args=[article.pk, "publish"])
    assert client.generic("POST", url).status_code == 200
    published = AuditEntry.objects.get(page_id=article.pk, event="published")
    assert (published.user_id, published.username) == (superuser.pk, superuser.username)
    assert not AuditEntry.objects.filter(username="").exists()
    assert audit.verify().intact


def test_an_entry_without_an_actor_is_refused(db):
    with pytest.raises(ValueError, match="names its actor"):
        audit.append("review_flagged", page_id=1, data={})


# 2. The chain vouches for the records.


def rewrite_signed_content_as_a_superuser(article) -> None:
    """The attack of the issue: rewrite a sign-off's content and fingerprint with the triggers
    off, copy the fingerprint to the publication and the store, recompose the store."""
    sign_off = MedicalSignOff.objects.get(page_id=article.pk)
    content = dict(sign_off.reviewed_content, summary=POISON)
    fingerprint = digest(content)
    forge(
        f"UPDATE {MedicalSignOff._meta.db_table} SET reviewed_content = %s, fingerprint = %s "
        "WHERE id = %s",
        [json.dumps(content), fingerprint, sign_off.pk],
    )
    forge(
        f"UPDATE {ArticlePublication._meta.db_table} SET fingerprint = %s WHERE page_id = %s",
        [fingerprint, article.pk],
    )
    PublishedArticle.objects.filter(pk=article.pk).update(fingerprint=fingerprint)
    call_command("backfill_published_articles", "--recompose", stdout=StringIO())


def test_a_superusers_rewrite_of_a_sign_off_and_recompose_is_caught_naming_the_article(
    client, published_article
):
    assert "intact" in verify_audit()
    rewrite_signed_content_as_a_superuser(published_article)
    served = client.get(f"/api/v1/articles/{published_article.pk}/").json()
    assert POISON in json.dumps(served)  # readers get the forged text...
    problems = verify_audit_fails()  # ...and the audit check says so, naming the article
    assert f"article {published_article.pk} '{published_article.title}'" in problems
    assert "fingerprint differ from the audit entry that recorded it" in problems


def test_a_truncated_audit_table_with_its_head_reset_is_caught(published_article):
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ENTRIES}")  # TRUNCATE on PostgreSQL, without triggers
        cursor.execute(f"UPDATE {HEAD} SET length = 0, last_hash = %s", ["0" * 64])
    assert audit.verify().intact  # the chain alone looks fine: it is empty
    problems = verify_audit_fails()
    assert "no audit entry records it" in problems
    assert f"article {published_article.pk}" in problems


def test_a_rewound_chain_is_caught_against_the_published_head(published_article, caplog):
    audit.append("review_flagged", page_id=published_article.pk, data={}, actor=audit.SCRIPT)
    with caplog.at_level(logging.INFO, logger="review_workflow.audit"):
        publish_audit_head()
    head = AuditChainHead.objects.get().last_hash
    assert head in caplog.text  # the log line carries the head
    last = AuditEntry.objects.get(entry_hash=head)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ENTRIES} WHERE id = %s", [last.pk])
        cursor.execute(
            f"UPDATE {HEAD} SET length = %s, last_hash = %s",
            [last.position - 1, last.previous_hash],
        )
    assert "intact" in verify_audit()  # rewound to a consistent earlier state...
    problems = verify_audit_fails("--expect-head", head)  # ...but the published head is gone
    assert f"no longer contains the published head {head}" in problems
    assert "intact" in verify_audit("--expect-head", last.previous_hash)


def test_the_scheduler_sends_the_signed_head_as_an_audit_checkpoint_webhook(published_article):
    WebhookEndpoint.objects.create(
        name="Auditor", url="https://auditor.example/hooks", events=[EventType.AUDIT_CHECKPOINT]
    )
    publish_audit_head()
    publish_audit_head()  # an unchanged head is sent once
    event = WebhookEvent.objects.get(event_type=EventType.AUDIT_CHECKPOINT)
    data = event.payload["data"]
    head = AuditChainHead.objects.get()
    assert (data["head"], data["entries"]) == (head.last_hash, head.length)
    assert len(data["signature"]) == 64


@pytest.fixture
def export(published_article, tmp_path):
    path = tmp_path / "audit.jsonl"
    call_command("export_audit", "--output", str(path), stderr=StringIO())
    return path


def lines_of(path) -> list[str]:
    return path.read_text().splitlines()


def test_an_export_ends_with_a_signed_checkpoint_and_verifies(export):
    last = json.loads(lines_of(export)[-1])
    head = AuditChainHead.objects.get()
    assert (last["checkpoint"]["head"], last["checkpoint"]["entries"]) == (
        head.last_hash,
        head.length,
    )
    assert "intact" in verify_audit("--file", str(export))


def test_an_export_whose_tail_was_cut_fails(export):
    lines = lines_of(export)
    export.write_text("\n".join(lines[:-2] + lines[-1:]))  # last entry cut, checkpoint kept
    assert "entries at the end were cut" in verify_audit_fails("--file", str(export))
    export.write_text("\n".join(lines[:-2]))  # last entry and checkpoint cut
    assert "without a signed checkpoint" in verify_audit_fails("--file", str(export))


def test_an_export_with_an_altered_checkpoint_fails(export, settings):
    lines = lines_of(export)
    checkpoint = json.loads(lines[-1])
    shortened = {**checkpoint["checkpoint"], "entries": checkpoint["checkpoint"]["entries"] - 1}
    export.write_text("\n".join(lines[:-2] + [json.dumps({"checkpoint": shortened})]))
    assert "signature does not match" in verify_audit_fails("--file", str(export))
    export.write_text("\n".join(lines))
    settings.REVIEW_WORKFLOW = {"AUDIT_CHECKPOINT_KEY": "another key"}
    assert "signature does not match" in verify_audit_fails("--file", str(export))


def test_a_missing_checkpoint_key_is_a_deploy_warning(settings):
    from review_workflow.checks import check_checkpoint_key

    settings.REVIEW_WORKFLOW = {"AUDIT_CHECKPOINT_KEY": ""}
    assert [message.id for message in check_checkpoint_key()] == ["review_workflow.W004"]
    settings.REVIEW_WORKFLOW = {"AUDIT_CHECKPOINT_KEY": "k" * 40}
    assert check_checkpoint_key() == []


# 5. Signed revisions are immutable.


@pytest.fixture
def editors_article(health_center, editor):
    """A live article written by ``editor`` and signed off by a reviewer."""
    from review_workflow.publishing.decisions import publish_signed_off

    article = TreatmentArticlePageFactory(parent=health_center, author=editor)
    publish_signed_off(
        revision=article.latest_revision, reviewer=reviewer(), attestation=Attestation.affirmed()
    )
    return TreatmentArticlePage.objects.get(pk=article.pk)


def test_autosave_never_overwrites_the_signed_live_revision(client, editors_article, editor):
    live = editors_article.live_revision
    signed_content = dict(live.content)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[editors_article.pk])
    form = article_form(
        slug=editors_article.slug, summary="Unsigned words.", overwrite_revision_id=str(live.pk)
    )
    response = client.post(url, form, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"] is True
    assert response.json()["revision_id"] != live.pk  # saved as a new revision
    live.refresh_from_db()
    assert live.content == signed_content
    assert TreatmentArticlePage.objects.get(pk=editors_article.pk).live_revision_id == live.pk
    assert "intact" in verify_audit()


def test_purge_revisions_keeps_every_signed_revision(editors_article, editor):
    from review_workflow.publishing.decisions import publish_signed_off

    first = editors_article.live_revision
    page = TreatmentArticlePage.objects.get(pk=editors_article.pk)
    page.summary = "A draft nobody signed."
    unsigned = page.save_revision(user=editor)
    page.summary = "The second signed version."
    second = page.save_revision(user=editor)
    publish_signed_off(revision=second, reviewer=reviewer(), attestation=Attestation.affirmed())
    call_command("purge_revisions", "--days=0", stdout=StringIO())
    remaining = set(Revision.objects.filter(object_id=str(page.pk)).values_list("pk", flat=True))
    assert {first.pk, second.pk} <= remaining
    assert unsigned.pk not in remaining  # Wagtail's purge still does its work


def test_a_scripts_save_of_a_live_reviewed_page_asks_for_a_re_review(published_article):
    page = TreatmentArticlePage.objects.get(pk=published_article.pk)
    page.save()  # nothing changed: nothing to review
    assert open_requests(page.pk) == []
    page.summary = "Changed by a script."
    page.save()
    assert open_requests(page.pk) == [LIVE_ROW_CHANGED]
    entry = AuditEntry.objects.filter(page_id=page.pk).last()
    assert (entry.event, entry.username) == ("review_flagged", audit.REREVIEW_WATCH)


# 6. A decision applies to the page in the URL only.


def under_review(article, editor):
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    page.summary = f"Edited {article.pk}."
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return TreatmentArticlePage.objects.get(pk=page.pk).current_workflow_task_state


def test_a_task_state_of_another_page_is_a_404_and_records_nothing(
    client, health_center, medical_workflow, editor, rosa
):
    a = signed_off_article(parent=health_center)
    b = signed_off_article(parent=health_center)
    state_a, state_b = under_review(a, editor), under_review(b, editor)
    entries = AuditEntry.objects.count()
    client.force_login(rosa)
    attested = {"reviewed_whole_content": "on", "evidence_current": "on"}
    form = {**attested, "conflict_of_interest": "none", "comment": ""}
    for view in ("workflow_action", "collect_workflow_action_data"):
        url = reverse(f"wagtailadmin_pages:{view}", args=[a.pk, "approve", state_b.pk])
        assert client.post(url, form).status_code == 404
        assert client.get(url).status_code == 404
    assert not MedicalSignOff.objects.filter(revision_id=state_b.revision_id).exists()
    assert AuditEntry.objects.count() == entries
    assert TreatmentArticlePage.objects.get(pk=b.pk).live_revision_id != state_b.revision_id
    url = reverse("wagtailadmin_pages:workflow_action", args=[a.pk, "approve", state_a.pk])
    client.post(url, form)
    assert MedicalSignOff.objects.filter(revision_id=state_a.revision_id).exists()


@pytest.mark.parametrize(
    "when, problem",
    [
        (lambda now: now + timedelta(days=30), "in the future"),
        (lambda now: now.replace(tzinfo=None), "no time zone"),
        (lambda now: now - timedelta(days=3), "imported=True"),
    ],
)
def test_a_sign_off_dated_in_the_future_naive_or_silently_past_is_refused(
    health_center, when, problem
):
    from review_workflow.publishing.decisions import publish_signed_off

    article = TreatmentArticlePageFactory(parent=health_center)
    with pytest.raises(ValueError, match=problem):
        publish_signed_off(
            revision=article.latest_revision,
            reviewer=reviewer(),
            attestation=Attestation.affirmed(),
            signed_at=when(timezone.now()),
        )
    assert not MedicalSignOff.objects.filter(page_id=article.pk).exists()
    assert not AuditEntry.objects.filter(page_id=article.pk).exists()


def test_an_imported_past_review_is_marked_in_history_and_the_audit_trail(health_center):
    article = TreatmentArticlePageFactory(parent=health_center)
    signed_at = timezone.now() - timedelta(days=400)
    record = import_signed_off(
        revision=article.latest_revision, reviewer=reviewer(), signed_at=signed_at
    )
    assert record.imported and record.signed_at == signed_at
    entry = AuditEntry.objects.get(page_id=article.pk, event="sign_off")
    assert entry.data["imported"] is True
    history = PageLogEntry.objects.get(page_id=article.pk, action="review_workflow.sign_off")
    assert history.message.startswith(f"Imported medical sign-off (signed {signed_at:%Y-%m-%d})")
    page = TreatmentArticlePage.objects.get(pk=article.pk)
    assert page.live and page.last_reviewed == signed_at.date()
    assert page.next_review_due < timezone.now().date()  # overdue by the usual rules
    assert "intact" in verify_audit()


def test_reference_urls_are_http_only_whatever_path_they_came_in_by(client, published_article):
    bad = {"text": "A study.", "url": "javascript:alert(1)", "doi": "", "pubmed_id": ""}
    page = TreatmentArticlePage.objects.get(pk=published_article.pk)
    page.references = [("reference", bad)]
    with pytest.raises(ValidationError, match="only http:// and https://"):
        page.save_revision()  # the model's validation refuses it, whoever calls it
    # A snapshot that holds one anyway (forged in the database) and is recomposed: the store's
    # composition drops it, from the reference list and from the JSON-LD citation.
    sign_off = MedicalSignOff.objects.get(page_id=page.pk)
    content = dict(sign_off.reviewed_content)
    content["references"] = [{**content["references"][0], "url": bad["url"]}]
    forge(
        f"UPDATE {MedicalSignOff._meta.db_table} SET reviewed_content = %s WHERE id = %s",
        [json.dumps(content), sign_off.pk],
    )
    call_command("backfill_published_articles", "--recompose", stdout=StringIO())
    served = client.get(f"/api/v1/articles/{page.pk}/").json()
    assert served["references"][0]["url"] == ""
    assert "javascript:" not in json.dumps(served)
