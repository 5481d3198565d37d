"""The worker heartbeat, written every minute by the scheduler and shown on /healthz."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        # The heartbeat table once belonged to the configuration package; its rows are kept
        # only two days, so an older database simply drops it.
        migrations.RunSQL("DROP TABLE IF EXISTS coproduce_workerheartbeat", migrations.RunSQL.noop),
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=50)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
    ]
