from django.db import migrations, models


def create_lease_row(apps, schema_editor):
    # The row exists from the start, so two first runners never race to create it.
    apps.get_model("cms", "ScheduledJobLease").objects.get_or_create(name="scheduled-jobs")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ScheduledJobLease",
            fields=[
                (
                    "name",
                    models.CharField(max_length=100, primary_key=True, serialize=False),
                ),
                ("holder", models.CharField(blank=True, max_length=200)),
                ("held_until", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "scheduled job lease"},
        ),
        migrations.RunPython(create_lease_row, migrations.RunPython.noop),
    ]
