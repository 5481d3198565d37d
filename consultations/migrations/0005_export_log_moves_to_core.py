"""Exports are recorded in one log for every app (core.ExportLog); copy this app's records there."""

from __future__ import annotations

from django.db import migrations


def copy_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ExportLog = apps.get_model("core", "ExportLog")
    old_model = apps.get_model("consultations", "ConsultationExport")
    content_type, _ = ContentType.objects.get_or_create(app_label="consultations", model="consultation")
    ExportLog.objects.bulk_create(
        ExportLog(
            content_type=content_type,
            object_id=old.consultation_id,
            exported_by_id=old.exported_by_id,
            exported_at=old.exported_at,
            file_format=old.file_format,
            row_count=old.row_count,
        )
        for old in old_model.objects.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_remove_anonymous_key"),
        ("core", "0001_export_log"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="ConsultationExport"),
    ]
