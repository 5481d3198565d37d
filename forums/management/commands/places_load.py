"""Load forums/data/places.csv into the council areas held, after rows are added to it. Safe to
run any number of times."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from forums import services
from forums.models import CouncilArea


class Command(BaseCommand):
    help = "Load the towns and villages in forums/data/places.csv into the council areas held."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = sum(services.places_ensure(area=area) for area in CouncilArea.objects.all())
        self.stdout.write(f"{changed} places added or moved.")
