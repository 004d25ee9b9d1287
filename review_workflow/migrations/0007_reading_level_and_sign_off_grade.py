"""The reading grade on the sign-off record, and the site's target reading grade (issue 22).

The sign-off table is append-only, enforced by triggers (``records.triggers``). A nullable
column without a default is added in place (``ALTER TABLE ... ADD COLUMN``) on SQLite and
PostgreSQL alike, which keeps the table and its triggers; should a backend rebuild the table
instead (SQLite does for other column changes, dropping its triggers with the old table),
the triggers are put back here, in the same migration, with the SQL of 0003 (frozen there).
"""

from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

_TRIGGERS = import_module("review_workflow.migrations.0003_append_only_triggers")


class Migration(migrations.Migration):
    dependencies = [
        ("review_workflow", "0006_reviews_in_flight_diff_assignment"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="medicalsignoff",
            name="reading_grade",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Reading grade (Flesch-Kincaid) of the reviewed content's reader-facing text.",
                max_digits=4,
                null=True,
            ),
        ),
        migrations.RunPython(_TRIGGERS.install, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ReadingLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "target_grade",
                    models.PositiveSmallIntegerField(
                        default=8,
                        help_text="US school grade (Flesch-Kincaid) that articles should not exceed. Consumer health content aims at grade 6 to 8.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(18),
                        ],
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "reading level",
                "verbose_name_plural": "reading level",
            },
        ),
    ]
