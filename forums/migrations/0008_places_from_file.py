from django.db import migrations
from django.utils.text import slugify

from forums.places import place_rows


def load_places(apps, schema_editor):
    """The towns and villages of the council areas already held. Areas set up later get theirs
    from forums.services.places_ensure."""
    CouncilArea = apps.get_model("forums", "CouncilArea")
    Place = apps.get_model("forums", "Place")
    areas = {area.slug: area for area in CouncilArea.objects.all()}
    held = set(Place.objects.values_list("name", flat=True))
    Place.objects.bulk_create(
        Place(name=row.place, council_area=areas[slugify(row.council_area)])
        for row in place_rows()
        if slugify(row.council_area) in areas and row.place not in held
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0007_place"),
    ]

    operations = [
        migrations.RunPython(load_places, migrations.RunPython.noop),
    ]
