"""Other ways of writing a term are separated by semicolons, so a phrase may hold a comma;
each term can list phrases it must not match."""

from django.db import migrations, models


# Phrases that had been cut at their commas.
PHRASES = {
    "EHCP": "EHC plan; Education, Health and Care plan",
    "SEMH": "social, emotional and mental health",
    "SLCN": "speech, language and communication needs",
}


def to_semicolons(apps, schema_editor):
    GlossaryTerm = apps.get_model("glossary", "GlossaryTerm")
    for term in GlossaryTerm.objects.exclude(also_known_as=""):
        if term.forum_id is None and term.term in PHRASES:
            term.also_known_as = PHRASES[term.term]
        else:
            term.also_known_as = "; ".join(
                name.strip() for name in term.also_known_as.split(",") if name.strip()
            )
        term.save(update_fields=["also_known_as"])


def to_commas(apps, schema_editor):
    GlossaryTerm = apps.get_model("glossary", "GlossaryTerm")
    for term in GlossaryTerm.objects.exclude(also_known_as=""):
        term.also_known_as = term.also_known_as.replace(";", ",")
        term.save(update_fields=["also_known_as"])


class Migration(migrations.Migration):

    dependencies = [
        ('glossary', '0002_terms_from_forums'),
    ]

    operations = [
        migrations.AddField(
            model_name='glossaryterm',
            name='not_matching',
            field=models.CharField(blank=True, help_text='Phrases that contain the term but mean something else, separated by semicolons', max_length=300),
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='also_known_as',
            field=models.CharField(blank=True, help_text='Other ways of writing it, separated by semicolons', max_length=200),
        ),
        migrations.RunPython(to_semicolons, to_commas),
    ]
