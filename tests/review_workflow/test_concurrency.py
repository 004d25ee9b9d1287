"""Decisions and audit entries racing on PostgreSQL: exactly one decision counts per person and
review, and concurrent appends still form one intact chain."""

import threading

import pytest
from django.db import connection

from health_content.models import TreatmentArticlePage
from review_workflow.models import AuditEntry, MedicalSignOff
from review_workflow.publishing.decisions import ReviewAlreadyDecided
from review_workflow.records import audit
from tests.factories import TreatmentArticlePageFactory, attestation_data

pytestmark = pytest.mark.postgres


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks and serialises all writers")


def decide_at_once(task_state, decisions):
    """Run each (user, action, comment) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(decisions))
    outcomes = {}

    def act(index, user, action, comment):
        extra = attestation_data() if action == "approve" else {}
        try:
            barrier.wait(timeout=10)
            task_state.task.specific.on_action(task_state, user, action, comment=comment, **extra)
            outcomes[index] = "decided"
        except ReviewAlreadyDecided:
            outcomes[index] = "already decided"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(index, *decision))
        for index, decision in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_at_once_yield_exactly_one_decision(
    health_center, medical_workflow, editor, rosa, sam
):
    needs_postgresql()
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    state = TreatmentArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    outcomes = decide_at_once(
        state, [(rosa, "approve", ""), (sam, "reject", "Please cite the guideline.")]
    )
    assert sorted(outcomes.values()) == ["already decided", "decided"]
    assert MedicalSignOff.objects.filter(task_state_id=state.pk).count() == 1
    winner = MedicalSignOff.objects.get(task_state_id=state.pk)
    page = TreatmentArticlePage.objects.get(pk=draft.pk)
    assert page.live == winner.is_approval


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_reviewer_posting_approve_three_times_at_once_records_one_sign_off(
    health_center, medical_workflow, editor, rosa
):
    needs_postgresql()
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    state = TreatmentArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    outcomes = decide_at_once(state, [(rosa, "approve", "")] * 3)
    assert sorted(outcomes.values()) == ["already decided", "already decided", "decided"]
    assert MedicalSignOff.objects.filter(revision_id=state.revision_id).count() == 1
    assert TreatmentArticlePage.objects.get(pk=draft.pk).live
    assert audit.verify().intact


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_audit_appends_form_one_intact_chain(db):
    needs_postgresql()
    barrier = threading.Barrier(6)

    def append(number):
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                audit.append(
                    "review_flagged", page_id=number, data={"by": number}, actor=audit.SCRIPT
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    result = audit.verify()
    assert result.intact, result.problems
    assert result.entries == AuditEntry.objects.count() == 30
