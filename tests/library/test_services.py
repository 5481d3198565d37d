"""Adding, changing and removing resources; paths and ticking steps off."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Sector, User
from forums.models import Forum
from library import services
from library.models import Audience, PathStep, Resource, ResourceKind, StepCompletion
from library.permissions import is_curator
from library.selectors import resources_for_session
from peer_network.models import Topic
from tests.accounts.factories import UserFactory
from tests.library.factories import (
    DOCX_BYTES,
    ODT_BYTES,
    PDF_BYTES,
    make_path,
    make_resource,
    make_session,
)

pytestmark = pytest.mark.django_db

OnCommit = DjangoCaptureOnCommitCallbacks


def stored(resource: Resource) -> Path:
    return Path(str(settings.MEDIA_ROOT), str(resource.document.name))


def test_staff_forum_leads_and_session_hosts_look_after_the_library(
    staff: User, gateshead: tuple[Forum, User], parent: User, practitioner: User
) -> None:
    host = UserFactory.create()
    make_session(hosts=(host,))
    _, lead = gateshead
    assert is_curator(staff) and is_curator(lead) and is_curator(host)
    assert not is_curator(parent) and not is_curator(practitioner)
    with pytest.raises(PermissionDenied):
        make_resource(parent)
    assert not Resource.objects.exists()


def test_a_web_link_with_its_tags_and_sessions(staff: User) -> None:
    session = make_session("Transforming Care explained")
    topic = Topic.objects.get(slug="health")
    resource = make_resource(
        staff,
        "  Building the right\nsupport ",
        sectors=[Sector.HEALTH, Sector.SOCIAL_CARE],
        topics=[topic],
        sessions=[session],
    )
    assert resource.title == "Building the right support"
    assert resource.kind == ResourceKind.LINK and not resource.document
    assert resource.sector_labels() == ["Health", "Social care"]
    assert list(resources_for_session(session)) == [resource]


@pytest.mark.parametrize(
    ("content", "kind", "ending"),
    [
        (PDF_BYTES, ResourceKind.PDF, ".pdf"),
        (DOCX_BYTES, ResourceKind.DOCX, ".docx"),
        (ODT_BYTES, ResourceKind.ODT, ".odt"),
    ],
)
def test_a_document_is_kept_under_a_random_name_with_its_real_ending(
    staff: User, content: bytes, kind: ResourceKind, ending: str
) -> None:
    # Named as if it were something else: the content decides.
    resource = make_resource(staff, document=content, filename="My child's plan.exe")
    assert resource.kind == kind
    name = Path(resource.document.name)
    assert name.parent == Path("library")
    assert name.suffix == ending and len(name.stem) == 32 and "plan" not in name.name
    assert stored(resource).read_bytes() == content
    assert resource.document_size == len(content)


def test_a_link_and_a_document_together_or_neither_are_refused(staff: User) -> None:
    details = services.ResourceDetails(title="Guide", summary="Useful.")
    with pytest.raises(ValidationError, match="not both"):
        services.resource_create(
            created_by=staff,
            details=details,
            url="https://www.example.org/",
            document=ContentFile(PDF_BYTES, name="a.pdf"),
        )
    with pytest.raises(ValidationError, match="Enter a web link or choose a file"):
        services.resource_create(created_by=staff, details=details)
    assert not Resource.objects.exists()


def test_a_file_that_is_not_a_document_is_refused_and_not_kept(staff: User) -> None:
    with pytest.raises(ValidationError, match="must be a PDF"):
        make_resource(staff, document=b"<html>not a pdf</html>", filename="report.pdf")
    assert not Resource.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "library").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "library").iterdir()
    )


def test_the_database_refuses_a_resource_with_both_or_neither(staff: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(
            title="Both",
            summary="x",
            url="https://www.example.org/",
            document="library/x.pdf",
            kind=ResourceKind.PDF,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(title="Neither", summary="x", kind=ResourceKind.LINK)


def test_a_new_link_replaces_a_document_which_is_removed_after_commit(
    staff: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    resource = make_resource(staff, document=PDF_BYTES)
    old = stored(resource)
    details = services.ResourceDetails(title="Now a link", summary="Moved online.")
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(
            resource=resource, edited_by=staff, details=details, url="https://example.org/"
        )
    resource.refresh_from_db()
    assert resource.kind == ResourceKind.LINK and resource.url == "https://example.org/"
    assert not resource.document and resource.document_size is None
    assert not old.exists()


def test_changing_the_words_keeps_the_document_and_a_new_one_replaces_it(
    staff: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    resource = make_resource(staff, document=PDF_BYTES)
    first = stored(resource)
    details = services.ResourceDetails(title="Renamed", summary="Same file.")
    services.resource_update(resource=resource, edited_by=staff, details=details)
    resource.refresh_from_db()
    assert resource.title == "Renamed" and stored(resource) == first
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(
            resource=resource,
            edited_by=staff,
            details=details,
            document=ContentFile(ODT_BYTES, name="new.odt"),
        )
    resource.refresh_from_db()
    assert resource.kind == ResourceKind.ODT and stored(resource).exists()
    assert not first.exists()


def test_a_link_cannot_lose_its_address_without_a_document(staff: User) -> None:
    resource = make_resource(staff)
    details = services.ResourceDetails(title="Guide", summary="Useful.")
    with pytest.raises(ValidationError, match="Enter a web link or choose a file"):
        services.resource_update(resource=resource, edited_by=staff, details=details)


def test_removing_a_resource_removes_its_document_and_its_path_steps(
    staff: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    path = make_path(staff, 2)
    resource = make_resource(staff, document=PDF_BYTES)
    services.learning_path_ensure(
        title=path.title,
        slug=path.slug,
        purpose=path.purpose,
        audience=Audience.EVERYONE,
        steps=[
            *(services.StepPlan(resource=step.resource) for step in path.steps.all()),
            services.StepPlan(resource=resource),
        ],
    )
    file = stored(resource)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_delete(resource=resource, deleted_by=staff)
    assert not file.exists()
    assert path.steps.count() == 2


def test_nobody_else_can_change_or_remove_a_resource(staff: User, parent: User) -> None:
    resource = make_resource(staff)
    details = services.ResourceDetails(title="Mine now", summary="x")
    with pytest.raises(PermissionDenied):
        services.resource_update(resource=resource, edited_by=parent, details=details)
    with pytest.raises(PermissionDenied):
        services.resource_delete(resource=resource, deleted_by=parent)
    resource.refresh_from_db()
    assert resource.title == "A useful guide"


def test_ticking_a_step_twice_keeps_one_tick_and_untick_is_safe_to_repeat(
    staff: User, parent: User
) -> None:
    step = make_path(staff, 2).steps.get(position=1)
    services.step_mark_done(step=step, user=parent)
    services.step_mark_done(step=step, user=parent)
    assert StepCompletion.objects.filter(step=step, user=parent).count() == 1
    services.step_mark_undone(step=step, user=parent)
    services.step_mark_undone(step=step, user=parent)
    assert not StepCompletion.objects.exists()


def test_ensuring_a_path_again_reorders_it_and_keeps_ticks_on_steps_that_stay(
    staff: User, parent: User
) -> None:
    path = make_path(staff, 3)
    first, second, third = (step.resource for step in path.steps.order_by("position"))
    assert first and second and third
    services.step_mark_done(step=path.steps.get(resource=second), user=parent)
    session = make_session("Ask the ICB")
    services.learning_path_ensure(
        title="A path",
        slug=path.slug,
        purpose="Changed.",
        audience=Audience.PRACTITIONERS,
        steps=[
            services.StepPlan(resource=second, note="Now first"),
            services.StepPlan(session=session),
            services.StepPlan(resource=first),
        ],
    )
    path.refresh_from_db()
    assert path.purpose == "Changed." and path.audience == Audience.PRACTITIONERS
    order = [(s.position, s.resource, s.session) for s in path.steps.order_by("position")]
    assert order == [(1, second, None), (2, None, session), (3, first, None)]
    assert PathStep.objects.get(path=path, position=1).note == "Now first"
    assert StepCompletion.objects.get(user=parent).step.resource == second


def test_a_path_needs_steps_each_a_resource_or_a_session(staff: User) -> None:
    resource = make_resource(staff)
    with pytest.raises(ValidationError, match="at least one step"):
        services.learning_path_ensure(
            title="Empty", slug="empty", purpose="x", audience=Audience.EVERYONE, steps=[]
        )
    with pytest.raises(ValidationError, match="a resource or a session"):
        services.learning_path_ensure(
            title="Both",
            slug="both",
            purpose="x",
            audience=Audience.EVERYONE,
            steps=[services.StepPlan(resource=resource, session=make_session())],
        )


def test_the_demo_paths_take_a_session_when_one_is_there(staff: User) -> None:
    from library import demo

    demo.seed(staff)
    assert not PathStep.objects.filter(session__isnull=False).exists()
    session = make_session("Ask your ICB: how NHS services are planned")
    demo.seed(staff)
    step = PathStep.objects.get(session=session)
    assert step.path.slug == "how-the-nhs-and-the-council-plan-services"
    assert step.position == step.path.steps.count()


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://x.org/"]
)
def test_only_web_addresses_are_taken_as_links(staff: User, address: str) -> None:
    with pytest.raises(ValidationError, match="Enter a web address"):
        make_resource(staff, url=address)
    assert not Resource.objects.exists()
