from django.db import migrations

# A frozen copy of the default wording as it was when this migration was written (the live one
# is ``health_content.models.snippets``): a migration must not import the app's code, which
# changes after it.
DEFAULT_DISCLAIMER_TITLE = "Standard medical disclaimer"
DEFAULT_DISCLAIMER_TEXT = (
    "This article is general information, not medical advice for you. It does not replace a "
    "consultation with a doctor or other qualified health professional, who can take your own "
    "history and circumstances into account. If you think you may have a medical emergency, "
    "call your local emergency number."
)


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
