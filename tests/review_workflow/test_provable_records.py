"""Provable after the fact (issue 20): a record nobody can rewrite or shorten unnoticed.

The scenes an auditor and an attacker with database access would try: the audit chain refuses
UPDATE, DELETE and (PostgreSQL) TRUNCATE; every entry names who acted; ``verify_audit`` checks
the records and the store against the chain, an export's signed checkpoint and a head published
earlier. Tampering goes around the triggers as a database superuser would (``tests.tampering``).
"""

from __future__ import annotations

import json
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cms.scheduled_jobs import publish_audit_head
from frontend_api.models import PublishedArticle
from frontend_api.webhooks.events import EventType
from frontend_api.webhooks.models import WebhookEndpoint, WebhookEvent
from review_workflow.models import ArticlePublication, AuditChainHead, AuditEntry, MedicalSignOff
from review_workflow.publishing.decisions import sign_off_revision
from review_workflow.records import audit
from review_workflow.records.triggers import RECORD_TABLES
from review_workflow.rules.attestation import Attestation
from review_workflow.rules.fingerprint import digest
from tests.factories import TreatmentArticlePageFactory, reviewer
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
