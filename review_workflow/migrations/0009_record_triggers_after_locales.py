"""The append-only triggers of the record tables, put back after 0008 (SQLite rebuilt the
sign-off and publication tables to add their language columns, dropping their triggers).

The SQL of 0003 and 0005 (frozen there); ``record_triggers.after_migrate`` re-installs the
current version after every ``migrate``. On PostgreSQL, where 0008 altered the tables in
place, this replaces the triggers with the same ones.
"""

from importlib import import_module

from django.db import migrations

_TRIGGERS = import_module("review_workflow.migrations.0003_append_only_triggers")
_MORE_TRIGGERS = import_module("review_workflow.migrations.0005_provable_records")


def install(apps, schema_editor):
    _TRIGGERS.install(apps, schema_editor)
    _MORE_TRIGGERS.install(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("review_workflow", "0008_locales_translated_records")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
