from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('health_content', '0002_default_disclaimer'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='treatmentarticlepage',
            index=models.Index(fields=['last_updated', 'page_ptr'], name='article_updated_order'),
        ),
        migrations.AddIndex(
            model_name='treatmentarticlepage',
            index=models.Index(fields=['last_reviewed', 'page_ptr'], name='article_reviewed_order'),
        ),
    ]
