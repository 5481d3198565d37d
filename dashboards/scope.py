"""What a person may see on the dashboards: the one place that turns a user into council areas
and forums. Every page, table and export reads its records through a ``Scope``.

A forum is in a scope only when every council area it covers is in the scope: figures about a
forum that also covers another area would tell the commissioner about that area too. A forum
with no council area is in no commissioner's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied

from accounts.models import User
from dashboards.models import CommissionerScope
from forums.models import CouncilArea, Forum


@dataclass(frozen=True)
class Scope:
    label: str
    areas: tuple[CouncilArea, ...]  # the areas a person may choose from, by name
    area_ids: frozenset[int]  # the areas the figures cover (one, once an area is chosen)
    forum_ids: frozenset[int]

    def narrowed_to(self, area: CouncilArea, forum_areas: dict[int, frozenset[int]]) -> Scope:
        """The scope cut down to one of its areas: that area's forums only."""
        if area.pk not in {a.pk for a in self.areas}:
            raise PermissionDenied("That area is outside your scope.")
        return replace(
            self,
            label=area.name,
            area_ids=frozenset({area.pk}),
            forum_ids=frozenset(f for f in self.forum_ids if area.pk in forum_areas[f]),
        )


def may_see_dashboards(user: User) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_commissioner)


def forum_areas() -> dict[int, frozenset[int]]:
    """Each forum's council areas, in one query."""
    areas: dict[int, set[int]] = {}
    for forum_id, area_id in Forum.objects.values_list("pk", "council_areas"):
        areas.setdefault(forum_id, set())
        if area_id is not None:
            areas[forum_id].add(area_id)
    return {forum_id: frozenset(ids) for forum_id, ids in areas.items()}


def scope_for(user: User) -> tuple[Scope, dict[int, frozenset[int]]] | None:
    """The user's scope and each forum's areas, or None while staff have not yet set a
    commissioner's scope. Staff see every area. Anyone else is refused."""
    if not may_see_dashboards(user):
        raise PermissionDenied("The dashboards are for commissioners.")
    if user.is_staff:
        label = "All areas"
        areas = list(CouncilArea.objects.order_by("name"))
    else:
        row = CommissionerScope.objects.select_related("region").filter(user=user).first()
        if row is None:
            return None
        if row.region is not None:
            label = row.region.name
            areas = list(CouncilArea.objects.filter(region=row.region).order_by("name"))
        else:
            areas = list(row.council_areas.order_by("name"))
            label = ", ".join(area.name for area in areas)
        if not areas:
            return None
    by_forum = forum_areas()
    return scope_of(label, areas, by_forum), by_forum


def scope_of(label: str, areas: list[CouncilArea], by_forum: dict[int, frozenset[int]]) -> Scope:
    """The scope covering these council areas: the forums whose every area is among them."""
    area_ids = frozenset(area.pk for area in areas)
    forum_ids = frozenset(f for f, ids in by_forum.items() if ids and ids <= area_ids)
    return Scope(label=label, areas=tuple(areas), area_ids=area_ids, forum_ids=forum_ids)


def scopes_in_use() -> list[Scope]:
    """Every scope someone reads: all areas (staff) and each commissioner's, once each."""
    by_forum = forum_areas()
    found = {}
    every = list(CouncilArea.objects.order_by("name"))
    if every:
        found[frozenset(a.pk for a in every)] = scope_of("All areas", every, by_forum)
    rows = CommissionerScope.objects.select_related("region").prefetch_related("council_areas")
    area_by_region: dict[int, list[CouncilArea]] = {}
    for area in every:
        area_by_region.setdefault(area.region_id, []).append(area)
    for row in rows:
        if row.region is not None:
            label, areas = row.region.name, area_by_region.get(row.region_id or 0, [])
        else:
            areas = sorted(row.council_areas.all(), key=lambda a: a.name)
            label = ", ".join(area.name for area in areas)
        if areas:
            found.setdefault(frozenset(a.pk for a in areas), scope_of(label, areas, by_forum))
    return list(found.values())
