"""Writes for the library and learning paths. Views check who may act through
library.permissions; these functions check it again, so that no caller can skip it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from accounts.models import Sector, User
from core.text import single_line
from library.documents import EXTENSIONS, document_kind
from library.models import (
    Audience,
    LearningPath,
    PathStep,
    Resource,
    ResourceKind,
    ResourceSector,
    StepCompletion,
)
from library.permissions import require_curator
from peer_network.models import Session, Topic

BOTH_GIVEN = "Give a web link or choose a file, not both"
NEITHER_GIVEN = "Enter a web link or choose a file"


@dataclass(frozen=True)
class ResourceDetails:
    """What a person gives for a resource, apart from its link or document."""

    title: str
    summary: str
    sectors: Iterable[str] = ()
    topics: Iterable[Topic] = ()
    sessions: Iterable[Session] = ()


def _details_apply(resource: Resource, details: ResourceDetails) -> None:
    title = single_line(details.title)
    summary = details.summary.strip()
    if not title:
        raise ValidationError("Enter a title")
    if not summary:
        raise ValidationError("Enter a summary")
    resource.title = title
    resource.summary = summary


def _tags_set(resource: Resource, details: ResourceDetails) -> None:
    sectors = set(details.sectors)
    if sectors - set(Sector.values):
        raise ValidationError("Choose sectors from the list")
    resource.sector_tags.exclude(sector__in=sectors).delete()
    have = set(resource.sector_tags.values_list("sector", flat=True))
    ResourceSector.objects.bulk_create(
        [ResourceSector(resource=resource, sector=sector) for sector in sorted(sectors - have)]
    )
    resource.topics.set(list(details.topics))
    resource.sessions.set(list(details.sessions))


@contextmanager
def _document_kept(resource: Resource, upload: File[bytes] | None) -> Iterator[None]:
    """Check an upload's content and keep it under a random name with the ending of its real
    kind, so that nobody can guess a document's address or choose how it is treated. If the
    writes inside the block fail, the file just kept is removed again; the file it replaces
    is removed only once the change is committed."""
    if upload is None:
        yield
        return
    size = upload.size or 0
    kind = document_kind(upload, size=size)
    replaced = resource.document.name if resource.document else ""
    storage = resource.document.storage
    resource.document.save(f"{uuid4().hex}.{EXTENSIONS[kind]}", upload, save=False)
    kept = resource.document.name
    resource.document_size = size
    resource.kind = kind
    resource.url = ""
    try:
        yield
    except BaseException:
        storage.delete(kept)
        raise
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))


# Only web pages: no javascript:, data: or file: addresses, whoever calls the service.
_web_address = URLValidator(
    schemes=["http", "https"], message="Enter a web address, like https://www.example.org"
)


def _link_set(resource: Resource, url: str) -> None:
    _web_address(url)
    if resource.document:
        old = resource.document.name
        storage = resource.document.storage
        transaction.on_commit(lambda: storage.delete(old))
    resource.document = ""  # an empty FieldFile: no document
    resource.document_size = None
    resource.url = url
    resource.kind = ResourceKind.LINK


def resource_create(
    *,
    created_by: User,
    details: ResourceDetails,
    url: str = "",
    document: File[bytes] | None = None,
) -> Resource:
    """Add a resource: a web link or a document (exactly one). Only curators may add one.
    Refuses a document that is not really a PDF, DOCX or ODT, or is too large."""
    require_curator(created_by)
    url = url.strip()
    if url and document is not None:
        raise ValidationError(BOTH_GIVEN)
    if not url and document is None:
        raise ValidationError(NEITHER_GIVEN)
    resource = Resource(created_by=created_by)
    _details_apply(resource, details)
    if url:
        _link_set(resource, url)
    with transaction.atomic(), _document_kept(resource, document):
        resource.save()
        _tags_set(resource, details)
    return resource


def resource_update(
    *,
    resource: Resource,
    edited_by: User,
    details: ResourceDetails,
    url: str = "",
    document: File[bytes] | None = None,
) -> Resource:
    """Change a resource. A new link replaces its document, and a new document its link; with
    neither, a document it already has is kept. Only curators may change one."""
    require_curator(edited_by)
    url = url.strip()
    if url and document is not None:
        raise ValidationError(BOTH_GIVEN)
    if not url and document is None and not resource.is_document:
        raise ValidationError(NEITHER_GIVEN)
    _details_apply(resource, details)
    with transaction.atomic():
        if url:
            _link_set(resource, url)
        with _document_kept(resource, document):
            resource.save()
            _tags_set(resource, details)
    return resource


def resource_delete(*, resource: Resource, deleted_by: User) -> None:
    """Remove a resource, its document, and the path steps that pointed to it. Only curators
    may remove one."""
    require_curator(deleted_by)
    with transaction.atomic():
        if resource.document:
            name = resource.document.name
            storage = resource.document.storage
            transaction.on_commit(lambda: storage.delete(name))
        resource.delete()


@dataclass(frozen=True)
class StepPlan:
    """One step to put in a path: a resource or a session, and a short note."""

    resource: Resource | None = None
    session: Session | None = None
    note: str = ""


def learning_path_ensure(
    *, title: str, slug: str, purpose: str, audience: Audience, steps: list[StepPlan]
) -> LearningPath:
    """The path with this slug, with these details and steps in this order. Safe to run
    again: a path that exists is brought to match, keeping the ticks on steps that stay."""
    if not steps:
        raise ValidationError("A learning path needs at least one step")
    for plan in steps:
        if (plan.resource is None) == (plan.session is None):
            raise ValidationError("Each step is a resource or a session")
    with transaction.atomic():
        path, _ = LearningPath.objects.update_or_create(
            slug=slug,
            defaults={"title": single_line(title), "purpose": purpose, "audience": audience},
        )
        existing = {(s.resource_id, s.session_id): s for s in path.steps.all()}
        wanted = [
            (plan.resource.pk if plan.resource else None, plan.session.pk if plan.session else None)
            for plan in steps
        ]
        path.steps.exclude(pk__in=[existing[key].pk for key in wanted if key in existing]).delete()
        # Move the steps that stay out of the way first: positions are unique in a path.
        offset = len(steps) + len(existing) + 1
        for number, key in enumerate(wanted, start=1):
            if key in existing:
                PathStep.objects.filter(pk=existing[key].pk).update(position=offset + number)
        for number, (key, plan) in enumerate(zip(wanted, steps, strict=True), start=1):
            if key in existing:
                PathStep.objects.filter(pk=existing[key].pk).update(position=number, note=plan.note)
            else:
                PathStep.objects.create(
                    path=path,
                    position=number,
                    resource=plan.resource,
                    session=plan.session,
                    note=plan.note,
                )
    return path


def step_mark_done(*, step: PathStep, user: User) -> StepCompletion:
    """Tick a step off for this person. Idempotent: ticking twice keeps one tick."""
    try:
        with transaction.atomic():
            completion, _ = StepCompletion.objects.get_or_create(step=step, user=user)
    except IntegrityError:
        # Two ticks at the same moment: the other one won, which is the same outcome.
        completion = StepCompletion.objects.get(step=step, user=user)
    return completion


def step_mark_undone(*, step: PathStep, user: User) -> None:
    """Take this person's tick off a step. Idempotent: nothing to take off is fine."""
    StepCompletion.objects.filter(step=step, user=user).delete()
