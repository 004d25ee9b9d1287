"""Disclaimers are translatable (issue 21): Wagtail's locale and translation key on each, and
the site default flagged once per locale. Existing disclaimers join the default locale."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def join_default_locale(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    locale_model = apps.get_model("wagtailcore", "Locale")
    disclaimer_model = apps.get_model("health_content", "Disclaimer")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = (
        locale_model.objects.filter(language_code=code).first()
        or locale_model.objects.order_by("pk").first()
        or locale_model.objects.create(language_code=code)
    )
    for disclaimer in disclaimer_model.objects.filter(locale__isnull=True):
        disclaimer.locale = locale
        disclaimer.translation_key = uuid.uuid4()
        disclaimer.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("health_content", "0009_imported_articles"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclaimer",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="disclaimer",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(join_default_locale, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="disclaimer",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="disclaimer",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RemoveConstraint(model_name="disclaimer", name="one_site_default_disclaimer"),
        migrations.AlterUniqueTogether(
            name="disclaimer", unique_together={("translation_key", "locale")}
        ),
        migrations.AddConstraint(
            model_name="disclaimer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_site_default", True)),
                fields=("locale", "is_site_default"),
                name="one_site_default_disclaimer_per_locale",
            ),
        ),
    ]
