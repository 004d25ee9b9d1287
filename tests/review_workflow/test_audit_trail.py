"""The tamper-evident audit trail: review events chained by hash, exported as JSON Lines, and
verified; an edited, deleted or inserted entry is found."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from review_workflow.models import AuditEntry
from review_workflow.records import audit
from tests.factories import TreatmentArticlePageFactory, signed_off_article
from tests.tampering import forge

TABLE = AuditEntry._meta.db_table


def sql(statement: str, params=()) -> None:
    """Tamper with the chain as a database superuser (the triggers refuse anyone else)."""
    forge(statement, params)


@pytest.fixture
def chain(db, superuser):
    """Three appended entries."""
    for number in range(1, 4):
        audit.append("sign_off", page_id=number, data={"n": number}, user=superuser)
    return list(AuditEntry.objects.order_by("position"))


def problems() -> str:
    return " ".join(audit.verify().problems)


def test_an_untouched_chain_verifies(chain):
    result = audit.verify()
    assert result.intact and result.entries == 3 and result.last_hash == chain[-1].entry_hash
    assert chain[1].previous_hash == chain[0].entry_hash


def test_verify_finds_an_edited_entry(chain):
    sql(f"UPDATE {TABLE} SET username = %s WHERE position = 2", ["mallory"])
    assert "entry 2: its content does not match its hash" in problems()


def test_verify_finds_a_deleted_entry(chain):
    sql(f"DELETE FROM {TABLE} WHERE position = 2")
    assert "entry 3: expected position 2" in problems()


def test_verify_finds_a_deleted_last_entry(chain):
    sql(f"DELETE FROM {TABLE} WHERE position = 3")
    assert "3 entries were appended" in problems()


def test_verify_finds_an_entry_inserted_in_the_middle(chain):
    sql(f"UPDATE {TABLE} SET position = position + 1000 WHERE position >= 2")
    sql(f"UPDATE {TABLE} SET position = position - 999 WHERE position > 1000")
    forged = {
        "position": 2,
        "event": "sign_off",
        "page_id": 99,
        "user_id": None,
        "username": "",
        "data": {},
        "recorded_at": chain[0].recorded_at,
        "previous_hash": chain[0].entry_hash,
    }
    AuditEntry.objects.create(**forged, entry_hash=audit.entry_hash(forged))
    assert "entry 3: does not link to the entry before it" in problems()


def test_verify_finds_an_entry_added_at_the_end_outside_append(chain):
    forged = {
        "position": 4,
        "event": "published",
        "page_id": 1,
        "user_id": None,
        "username": "",
        "data": {},
        "recorded_at": chain[-1].recorded_at,
        "previous_hash": chain[-1].entry_hash,
    }
    AuditEntry.objects.create(**forged, entry_hash=audit.entry_hash(forged))
    assert "entries were appended" in problems()


def test_verify_audit_command_fails_on_a_broken_chain_and_passes_an_intact_one(chain):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 3 entries" in out.getvalue()
    sql(f"DELETE FROM {TABLE} WHERE position = 1")
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit")


def test_an_export_verifies_offline_and_an_edited_export_does_not(chain, tmp_path):
    exported = tmp_path / "audit.jsonl"
    call_command("export_audit", "--output", str(exported), stderr=StringIO())
    out = StringIO()
    call_command("verify_audit", "--file", str(exported), stdout=out)
    assert "intact: 3 entries" in out.getvalue()
    records = [json.loads(line) for line in exported.read_text().splitlines()]
    records[0]["data"]["n"] = 100
    exported.write_text("\n".join(json.dumps(record) for record in records))
    with pytest.raises(CommandError, match="entry 1: its content does not match"):
        call_command("verify_audit", "--file", str(exported))


def test_export_since_gives_only_later_entries(clock, chain, superuser):
    clock.travel(days=10)
    audit.append("unpublished", page_id=7, data={}, user=superuser)
    out = StringIO()
    call_command("export_audit", "--since", clock.today().isoformat(), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["position"] for line in lines[:-1]] == [4]
    assert lines[-1]["checkpoint"]["entries"] == 4


def test_export_refuses_a_since_it_cannot_read(db):
    with pytest.raises(CommandError, match="--since"):
        call_command("export_audit", "--since", "last tuesday")


def events(page) -> list[str]:
    return list(AuditEntry.objects.filter(page_id=page.pk).values_list("event", flat=True))


def test_sign_offs_refusals_publications_change_requests_and_withdrawals_are_chained(
    health_center, medical_workflow, editor, rosa, sam, superuser
):
    article = signed_off_article(parent=health_center, reviewer=rosa)
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    with pytest.raises(Exception, match="cannot go live"):
        draft.latest_revision.publish()
    article.summary = "Changed."
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    state = article.current_workflow_task_state
    state.task.specific.on_action(state, sam, "reject", comment="Cite the guideline.")
    article.unpublish(user=superuser)
    assert events(article) == [
        "sign_off", "published", "changes_requested", "unpublished", "withdrawn",
    ]  # fmt: skip
    assert events(draft) == ["publish_refused"]
    unpublished = AuditEntry.objects.get(event="unpublished")
    assert unpublished.username == superuser.username
    assert audit.verify().intact


def test_a_sign_off_entry_carries_the_attestation_and_credentials(health_center, rosa):
    article = signed_off_article(parent=health_center, reviewer=rosa)
    entry = AuditEntry.objects.get(page_id=article.pk, event="sign_off")
    assert entry.data["reviewer"] == "Dr Rosa Okafor, MD, FRCP"
    assert entry.data["specialty"] == "internal_medicine"
    assert entry.data["registration"].startswith("General Medical Council (UK) GMC")
    assert entry.data["licence_expires"] == "2099-12-31"
    assert len(entry.data["statements"]) == 2
    assert entry.data["conflict_of_interest"] == "none"


def test_administrators_download_the_trail_and_others_cannot(client, chain, superuser, editor):
    url = reverse("review_workflow_audit_trail")
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(superuser)
    page = client.get(url)
    assert b"Chain intact: 3 entries" in page.content
    download = client.get(url, {"download": "1"})
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert download["Content-Disposition"].startswith("attachment")
    assert audit.verify_export([json.loads(line) for line in lines]).intact


def test_the_download_reports_a_bad_date_instead_of_failing(client, chain, superuser):
    client.force_login(superuser)
    response = client.get(reverse("review_workflow_audit_trail"), {"download": "1", "since": "x"})
    assert response.status_code == 200 and b"Not downloaded" in response.content
