"""Sign-offs and publications are history: the database itself refuses to change them.

The ORM refuses too (with a clearer error); these tests go around it, as a script, a console or
another client would. They run on SQLite and on PostgreSQL.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from review_workflow.models import ArticlePublication, MedicalSignOff, SignOffRecordError
from review_workflow.publishing.decisions import supersede_sign_off
from review_workflow.records import triggers as record_triggers


def refused(statement: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


def test_the_migration_installs_the_triggers(db):
    assert record_triggers.installed(connection)


def test_the_base_manager_cannot_forge_a_sign_off(published_article):
    sign_off = MedicalSignOff.objects.get(page_id=published_article.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        MedicalSignOff._base_manager.filter(pk=sign_off.pk).update(reviewer_credentials="FORGED")
    sign_off.refresh_from_db()
    assert sign_off.reviewer_credentials != "FORGED"


@pytest.mark.parametrize("model", [MedicalSignOff, ArticlePublication])
def test_raw_sql_can_neither_update_nor_delete_a_record(published_article, model):
    table = model._meta.db_table
    pk = model.objects.filter(page_id=published_article.pk).values_list("pk", flat=True)[0]
    assert refused(f"UPDATE {table} SET page_id = page_id WHERE id = %s", [pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [pk])
    assert model.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("model", [MedicalSignOff, ArticlePublication])
def test_the_orm_refuses_with_a_clear_error(published_article, model):
    record = model.objects.filter(page_id=published_article.pk).first()
    with pytest.raises(SignOffRecordError):
        record.delete()
    with pytest.raises(SignOffRecordError):
        model.objects.filter(pk=record.pk).update(page_id=0)


def test_a_correction_is_a_new_record_that_supersedes_the_old_one(
    client, published_article, superuser
):
    original = MedicalSignOff.objects.get(page_id=published_article.pk)
    correction = supersede_sign_off(
        original,
        corrected_by=superuser,
        reason="Credentials were recorded without the fellowship.",
        reviewer_credentials="MD, FACP, FRCP",
    )
    original.refresh_from_db()
    assert correction.supersedes_id == original.pk
    assert correction.reviewer_credentials == "MD, FACP, FRCP"
    assert (correction.fingerprint, correction.revision_id) == (
        original.fingerprint,
        original.revision_id,
    )
    assert original.reviewer_credentials != "MD, FACP, FRCP"  # the original stays as it was
    served = client.get(f"/api/v1/articles/{published_article.pk}/").json()
    assert served["reviewed_by"]["credentials"] == "MD, FACP, FRCP"
