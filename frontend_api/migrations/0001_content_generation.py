from django.db import migrations, models


def create_generation(apps, schema_editor):
    # The one row every worker reads; responses are cached per its value.
    ContentGeneration = apps.get_model("frontend_api", "ContentGeneration")
    ContentGeneration.objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='ContentGeneration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('generation', models.BigIntegerField(default=1)),
                ('changed_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'published content generation',
            },
        ),
        migrations.RunPython(create_generation, migrations.RunPython.noop),
    ]
