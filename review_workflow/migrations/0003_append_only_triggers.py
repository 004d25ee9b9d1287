"""Database triggers that refuse UPDATE and DELETE of sign-off and publication records.

See ``review_workflow.record_triggers``: installed on PostgreSQL and SQLite, removed again when
migrating backwards.
"""

from django.db import migrations


def install(apps, schema_editor):
    from review_workflow import record_triggers

    record_triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from review_workflow import record_triggers

    record_triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("review_workflow", "0002_publication_kinds_and_rereview")]

    operations = [migrations.RunPython(install, remove)]
