"""Reads other pages need: the resources from a session, a person's progress along the paths,
and how many people follow a path. Each is a fixed number of queries, however many steps,
resources or people there are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from core.suppression import Table, suppress_table
from library.models import LearningPath, PathStep, Resource, ResourceQuerySet, StepCompletion
from library.permissions import led_forum_memberships
from peer_network.models import Session


def resources_for_session(session: Session) -> ResourceQuerySet:
    """The library's resources that came from this session, ready to list (one query for the
    resources, one each for their topics and sectors)."""
    return Resource.objects.filter(sessions=session).for_listing()


@dataclass(frozen=True)
class PathProgress:
    path: LearningPath
    steps_done: int
    steps_total: int

    @property
    def started(self) -> bool:
        return self.steps_done > 0

    @property
    def finished(self) -> bool:
        return self.steps_total > 0 and self.steps_done >= self.steps_total


def _counted(queryset: QuerySet[Any, Any]) -> Coalesce:
    return Coalesce(Subquery(queryset, output_field=IntegerField()), Value(0))


def path_progress_for(user: User, *, started_only: bool = False) -> list[PathProgress]:
    """Every learning path with how many of its steps this person has done: one query."""
    total = (
        PathStep.objects.filter(path=OuterRef("pk"))
        .values("path")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = (
        StepCompletion.objects.filter(step__path=OuterRef("pk"), user=user)
        .values("step__path")
        .annotate(n=Count("pk"))
        .values("n")
    )
    paths = LearningPath.objects.annotate(steps_total=_counted(total), steps_done=_counted(done))
    if started_only:
        paths = paths.filter(steps_done__gt=0)
    progress = []
    for path in paths.order_by("title", "pk"):
        counted = cast(Any, path)  # the two annotations above
        progress.append(
            PathProgress(path=path, steps_done=counted.steps_done, steps_total=counted.steps_total)
        )
    return progress


@dataclass(frozen=True)
class Follower:
    """A member of a forum the viewer leads, with how far along the path they are."""

    name: str
    steps_done: int


TOO_FEW_PEOPLE = "Too few people to show"
STILL_GOING = "Still going"
FINISHED = "Finished every step"


@dataclass(frozen=True)
class PathFigures:
    """How many people follow a path, as they may be shown (small numbers suppressed)."""

    steps_total: int
    table: Table
    followers: list[Follower]

    @property
    def started(self) -> str:
        return TOO_FEW_PEOPLE if self.table.too_few else str(self.table.base)


def path_figures(path: LearningPath, *, viewer: User) -> PathFigures:
    """How many have started the path and how many have finished it, through the small-number
    rule; and, for a forum lead, which of their own forum's members are following it. A fixed
    number of queries, however many steps or people."""
    steps_total = path.steps.count()
    per_person = (
        StepCompletion.objects.filter(step__path=path).values("user").annotate(done=Count("pk"))
    )
    started = per_person.count()
    finished = per_person.filter(done__gte=steps_total).count() if steps_total else 0
    table = suppress_table({STILL_GOING: started - finished, FINISHED: finished}, base=started)
    members = led_forum_memberships(viewer).filter(user=OuterRef("pk"))
    people = (
        User.objects.filter(Exists(members))
        .annotate(done=Count("step_completions", filter=Q(step_completions__step__path=path)))
        .filter(done__gt=0)
        .order_by("full_name", "email")
    )
    followers = [
        Follower(name=person.get_full_name(), steps_done=cast(Any, person).done)
        for person in people
    ]
    return PathFigures(steps_total=steps_total, table=table, followers=followers)


def session_page_resources(session: Session, user: object) -> dict[str, object]:
    """For a session's page: the resources that came from it. One query."""
    return {"resources": list(resources_for_session(session))}
