from django.db import migrations

TOPICS = [
    ("Co-production", "co-production"),
    ("Education, health and care plans", "ehc-plans"),
    ("Health services and the NHS", "health"),
    ("Social care", "social-care"),
    ("Preparing for adulthood", "preparing-for-adulthood"),
    ("Autism", "autism"),
    ("Mental health and wellbeing", "mental-health"),
    ("How councils plan and buy services", "commissioning"),
]


def topics_add(apps, schema_editor):
    Topic = apps.get_model("peer_network", "Topic")
    for name, slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("peer_network", "0001_sessions")]

    operations = [migrations.RunPython(topics_add, migrations.RunPython.noop)]
