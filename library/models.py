"""The Peer Network's best-practice library and its learning paths.

A resource is a web link or an uploaded document (never both); what kind of document it is was
decided from the file's content (``documents.py``). A learning path is an ordered list of steps,
each a resource or a Peer Network session; people tick steps off as they go.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import Sector
from peer_network.models import Session, Topic


class ResourceKind(models.TextChoices):
    LINK = "link", "Web page"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"
    ODT = "odt", "OpenDocument text (ODT)"


DOCUMENT_KINDS = (ResourceKind.PDF, ResourceKind.DOCX, ResourceKind.ODT)


class ResourceQuerySet(models.QuerySet["Resource"]):
    def search(self, text: str) -> ResourceQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))

    def about_any_topic(self, topic_ids: list[int]) -> ResourceQuerySet:
        if not topic_ids:
            return self
        tagged = Resource.topics.through.objects.filter(
            resource=OuterRef("pk"), topic_id__in=topic_ids
        )
        return self.filter(Exists(tagged))

    def for_sector(self, sector: str) -> ResourceQuerySet:
        if not sector:
            return self
        return self.filter(
            Exists(ResourceSector.objects.filter(resource=OuterRef("pk"), sector=sector))
        )

    def for_listing(self) -> ResourceQuerySet:
        return self.prefetch_related("topics", "sector_tags").order_by("title", "pk")


class Resource(models.Model):
    """One piece of best practice: a web link or a document, with what it is about."""

    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=1000)
    url = models.URLField("Web link", max_length=500, blank=True)
    # Saved under a random name (services.resource_create); served only by views.resource_download.
    document = models.FileField(upload_to="library/", max_length=200, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    topics = models.ManyToManyField(Topic, related_name="library_resources", blank=True)
    sessions = models.ManyToManyField(Session, related_name="library_resources", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(url="") & Q(document="") & Q(kind=ResourceKind.LINK))
                    | (Q(url="") & ~Q(document="") & Q(kind__in=DOCUMENT_KINDS))
                ),
                name="resource_link_or_document",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_document(self) -> bool:
        return self.kind != ResourceKind.LINK

    def sector_labels(self) -> list[str]:
        """Needs ``sector_tags`` prefetched (``for_listing``) to stay one query per page."""
        labels = dict(Sector.choices)
        return sorted(labels[tag.sector] for tag in self.sector_tags.all())


class ResourceSector(models.Model):
    """A sector a resource is for: several per resource, from ``accounts.models.Sector``."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="sector_tags")
    sector = models.CharField(max_length=20, choices=Sector.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "sector"], name="one_tag_per_sector")
        ]

    def __str__(self) -> str:
        return f"{self.resource} ({self.get_sector_display()})"


class Audience(models.TextChoices):
    REPRESENTATIVES = "representatives", "Forum representatives"
    PRACTITIONERS = "practitioners", "Practitioners"
    EVERYONE = "everyone", "Everyone"


class LearningPathQuerySet(models.QuerySet["LearningPath"]):
    def with_step_counts(self) -> LearningPathQuerySet:
        return self.annotate(steps_total=Count("steps"))


class LearningPath(models.Model):
    """An ordered set of resources and sessions that builds knowledge one step at a time."""

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    purpose = models.CharField(max_length=300)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LearningPathQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class PathStep(models.Model):
    """One step of a path: a resource or a session (exactly one), with a short note."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="path_steps"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="path_steps"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["path", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="one_step_per_position"),
            models.CheckConstraint(
                condition=(
                    Q(resource__isnull=False, session__isnull=True)
                    | Q(resource__isnull=True, session__isnull=False)
                ),
                name="step_is_resource_or_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path}: step {self.position}"

    @property
    def title(self) -> str:
        item = self.resource or self.session
        return str(item)


class StepCompletion(models.Model):
    """One person's tick against one step. One row at most per person and step."""

    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "user"], name="one_tick_per_step_and_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} did {self.step}"
