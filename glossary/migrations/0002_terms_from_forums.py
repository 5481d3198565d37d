"""Copy every glossary term (national and forums' own) from the forums app, keeping ids."""

from __future__ import annotations

from django.db import migrations

FIELDS = (
    "id", "term", "slug", "also_known_as", "meaning", "forum_id", "status",
    "proposed_by_id", "decided_by_id", "created_at",
)


def copy_terms(apps, schema_editor):
    old = apps.get_model("forums", "GlossaryTerm")
    new = apps.get_model("glossary", "GlossaryTerm")
    new.objects.bulk_create(
        new(**{field: getattr(term, field) for field in FIELDS}) for term in old.objects.all()
    )
    if schema_editor.connection.vendor == "postgresql":
        # Rows arrived with their ids; the sequence must continue after them.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('glossary_glossaryterm', 'id'), "
                "COALESCE((SELECT MAX(id) FROM glossary_glossaryterm), 0) + 1, false)"
            )


def copy_back(apps, schema_editor):
    old = apps.get_model("forums", "GlossaryTerm")
    new = apps.get_model("glossary", "GlossaryTerm")
    old.objects.bulk_create(
        old(**{field: getattr(term, field) for field in FIELDS}) for term in new.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]

    operations = [migrations.RunPython(copy_terms, copy_back)]
