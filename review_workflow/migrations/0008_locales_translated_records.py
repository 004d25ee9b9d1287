"""Locales (issue 21): each sign-off and publication records the language of the page it
covers and, for a translation, the original's version it was made from; reviewer profiles
list the languages a reviewer reviews in; the site's policy for outdated translations.

Existing records and reviewers get the default language (the site's default locale, from
the settings). SQLite adds a column with a default by rebuilding the table, which drops the
append-only triggers with the old table: 0009 puts them back.
"""

import django.db.models.deletion
import review_workflow.models.records
import review_workflow.models.reviewers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('review_workflow', '0007_reading_level_and_sign_off_grade'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlepublication',
            name='locale',
            field=models.CharField(default=review_workflow.models.records.default_language_code, help_text="Language code of the page's locale, e.g. 'en' or 'es'.", max_length=10),
        ),
        migrations.AddField(
            model_name='articlepublication',
            name='original_fingerprint',
            field=models.CharField(blank=True, help_text="For a translation: the fingerprint of the original's version it follows.", max_length=64),
        ),
        migrations.AddField(
            model_name='articlepublication',
            name='original_publication',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="For a translation: the original's published version it was made from (empty for an original).", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='review_workflow.articlepublication'),
        ),
        migrations.AddField(
            model_name='medicalsignoff',
            name='locale',
            field=models.CharField(default=review_workflow.models.records.default_language_code, help_text="Language code of the page's locale, e.g. 'en' or 'es'.", max_length=10),
        ),
        migrations.AddField(
            model_name='medicalsignoff',
            name='original_fingerprint',
            field=models.CharField(blank=True, help_text="For a translation: the fingerprint of the original's version it follows.", max_length=64),
        ),
        migrations.AddField(
            model_name='medicalsignoff',
            name='original_publication',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="For a translation: the original's published version it was made from (empty for an original).", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='review_workflow.articlepublication'),
        ),
        migrations.AddField(
            model_name='reviewerprofile',
            name='languages',
            field=review_workflow.models.reviewers.LanguagesField(blank=True, default=review_workflow.models.reviewers.default_review_languages, help_text="The languages this reviewer reads well enough to sign off medical content in. A translation can only be signed off by a reviewer with its language. None ticked: the site's default language.", verbose_name='review languages'),
        ),
        migrations.CreateModel(
            name='TranslationPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outdated_translations', models.CharField(choices=[('flag', "Keep serving it, flagged 'translation out of date'"), ('noindex', 'Keep serving it, flagged, and ask search engines not to index it'), ('withdraw', 'Withdraw it until a reviewer signs off an updated translation')], default='flag', help_text='What readers get of a translation once its original has changed, until the updated translation is signed off.', max_length=10)),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'translation policy',
                'verbose_name_plural': 'translation policy',
            },
        ),
    ]
