from django.db import migrations

DEFAULT_TEXT = (
    "This article is general information, not medical advice for you. It does not replace a "
    "consultation with a doctor or other qualified health professional, who can take your own "
    "history and circumstances into account. If you think you may have a medical emergency, "
    "call your local emergency number."
)


def create_default_disclaimer(apps, schema_editor):
    Disclaimer = apps.get_model("health_content", "Disclaimer")
    if not Disclaimer.objects.filter(is_site_default=True).exists():
        Disclaimer.objects.create(
            title="Standard medical disclaimer", text=DEFAULT_TEXT, version=1, is_site_default=True
        )


class Migration(migrations.Migration):
    dependencies = [("health_content", "0001_initial")]
    operations = [migrations.RunPython(create_default_disclaimer, migrations.RunPython.noop)]
