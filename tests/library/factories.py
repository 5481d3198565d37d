"""Library resources, learning paths and the Peer Network sessions they point to."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from library import services
from library.demo import minimal_docx, minimal_odt, minimal_pdf
from library.models import Audience, LearningPath, Resource
from peer_network.models import Session, Topic

PDF_BYTES = minimal_pdf(["A guide for the tests"])
DOCX_BYTES = minimal_docx(["A checklist for the tests"])
ODT_BYTES = minimal_odt(["Notes for the tests"])


def make_session(title: str = "Peer session", *, hosts: tuple[User, ...] = ()) -> Session:
    starts = timezone.now() + timedelta(days=7)
    session = Session.objects.create(
        title=title,
        description="A Peer Network session.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=20,
    )
    session.hosts.set(hosts)
    return session


def make_resource(
    curator: User,
    title: str = "A useful guide",
    *,
    summary: str = "Useful for everyone.",
    url: str = "https://www.example.org/guide",
    document: bytes | None = None,
    filename: str = "guide.pdf",
    **details: object,
) -> Resource:
    return services.resource_create(
        created_by=curator,
        details=services.ResourceDetails(title=title, summary=summary, **details),  # type: ignore[arg-type]
        url="" if document is not None else url,
        document=ContentFile(document, name=filename) if document is not None else None,
    )


def make_path(
    curator: User, steps: int = 3, *, slug: str = "a-path", title: str = "A path"
) -> LearningPath:
    resources = [make_resource(curator, f"{title} step {n + 1}") for n in range(steps)]
    return services.learning_path_ensure(
        title=title,
        slug=slug,
        purpose="To learn something.",
        audience=Audience.EVERYONE,
        steps=[
            services.StepPlan(resource=resource, note=f"Note {n}")
            for n, resource in enumerate(resources)
        ],
    )


# The topics the Peer Network's migration adds. Tests that empty the database (the browser
# suite) remove them, so tests that use topics make sure of them first.
TOPICS = {
    "co-production": "Co-production",
    "ehc-plans": "Education, health and care plans",
    "health": "Health services and the NHS",
    "social-care": "Social care",
    "autism": "Autism",
    "commissioning": "How councils plan and buy services",
}


def topics_ensure() -> None:
    for slug, name in TOPICS.items():
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
