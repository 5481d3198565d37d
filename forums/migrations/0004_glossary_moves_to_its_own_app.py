"""The glossary is an app of its own now; its terms were copied there first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('forums', '0003_national_glossary'),
        ('glossary', '0002_terms_from_forums'),
    ]

    operations = [
        migrations.DeleteModel(
            name='GlossaryTerm',
        ),
    ]
