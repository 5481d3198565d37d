from __future__ import annotations

from django.db import migrations

TASKS = {
    "Reminders": "notifications.reminders_send",
    "Digests": "notifications.digests_send",
}


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # On the hour, London time: digests go at the hour people chose.
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )
    for name, task in TASKS.items():
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": hourly, "enabled": True}
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=TASKS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_preferences"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
