"""Writes for regions, council areas and forums."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from forums.models import CouncilArea, Forum, Region


def region_ensure(*, name: str) -> Region:
    """Create the region if it does not exist. Idempotent."""
    region, _ = Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return region


def forum_ensure_for_area(
    *, region: Region, area_name: str, description: str = "", contact_email: str = ""
) -> Forum:
    """Make sure a council area exists in the region with its Parent Carer Forum. Idempotent:
    an existing area or forum keeps its details."""
    with transaction.atomic():
        area, _ = CouncilArea.objects.get_or_create(
            slug=slugify(area_name), defaults={"name": area_name, "region": region}
        )
        name = f"{area_name} Parent Carer Forum"
        forum, created = Forum.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "region": region,
                "description": description,
                "contact_email": contact_email,
            },
        )
        if created:
            forum.council_areas.add(area)
    return forum
