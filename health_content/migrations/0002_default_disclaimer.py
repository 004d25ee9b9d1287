from django.db import migrations

# The one definition of the default wording lives with the model (it is used again whenever
# every disclaimer has been deleted).
from health_content.models.snippets import DEFAULT_DISCLAIMER_TEXT, DEFAULT_DISCLAIMER_TITLE


def create_default_disclaimer(apps, schema_editor):
    Disclaimer = apps.get_model("health_content", "Disclaimer")
    if not Disclaimer.objects.filter(is_site_default=True).exists():
        Disclaimer.objects.create(
            title=DEFAULT_DISCLAIMER_TITLE,
            text=DEFAULT_DISCLAIMER_TEXT,
            version=1,
            is_site_default=True,
        )


class Migration(migrations.Migration):
    dependencies = [("health_content", "0001_initial")]
    operations = [migrations.RunPython(create_default_disclaimer, migrations.RunPython.noop)]
