"""The export log becomes the access log: views of personal data and limits reached are
recorded beside exports, in one table written by one function (core.access)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# What each earlier export was of, by the kind of object it was recorded against.
WHAT_BY_MODEL = {
    ("forums", "forum"): "members",
    ("consultations", "consultation"): "answers",
    ("programmes", "cohort"): "school_progress",
    ("accounts", "user"): "dashboard",
}


def name_earlier_exports(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AccessLog = apps.get_model("core", "AccessLog")
    for (app_label, model), what in WHAT_BY_MODEL.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            AccessLog.objects.filter(content_type=content_type).update(what=what)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_outbox_sweep_schedule"),
        # The apps' own export records were copied into the export log by these; they must
        # run while it still has its old name.
        ("forums", "0005_export_log_moves_to_core"),
        ("consultations", "0005_export_log_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="exportlog", name="core_export_content_280e3d_idx"),
        migrations.RenameModel(old_name="ExportLog", new_name="AccessLog"),
        migrations.RenameField(model_name="accesslog", old_name="exported_by", new_name="person"),
        migrations.RenameField(model_name="accesslog", old_name="exported_at", new_name="at"),
        migrations.AddField(
            model_name="accesslog",
            name="kind",
            field=models.CharField(
                choices=[
                    ("viewed", "Viewed"),
                    ("exported", "Exported"),
                    ("limited", "Stopped by a limit"),
                ],
                default="exported",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslog",
            name="what",
            field=models.CharField(
                choices=[
                    ("members", "Forum members"),
                    ("answers", "Consultation answers"),
                    ("access_needs", "Bookings and access needs"),
                    ("school_progress", "Schools' progress and contacts"),
                    ("dashboard", "Dashboard table"),
                    ("consultation_submit", "Sending consultation answers"),
                    ("open_link_start", "Starting an open-link consultation"),
                    ("invitation_send", "Sending invitations"),
                    ("booking", "Booking sessions"),
                ],
                default="members",
                max_length=30,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(name_earlier_exports, migrations.RunPython.noop),
        migrations.AddField(
            model_name="accesslog",
            name="network",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="file_format",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="row_count",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterModelOptions(name="accesslog", options={"ordering": ["-at", "-pk"]}),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["content_type", "object_id", "-at"], name="core_access_content_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["person", "-at"], name="core_access_person_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["-at"], name="core_access_at_idx"),
        ),
    ]
