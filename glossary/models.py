"""The shared language: national terms and each forum's own, with plain-English meanings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from forums.models import Forum


class TermStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"


class GlossaryTermQuerySet(models.QuerySet["GlossaryTerm"]):
    def approved(self) -> GlossaryTermQuerySet:
        return self.filter(status=TermStatus.APPROVED)

    def proposed(self) -> GlossaryTermQuerySet:
        """Terms waiting for staff to check them."""
        return self.filter(status=TermStatus.PROPOSED)

    def for_forum(self, forum: Forum | None) -> GlossaryTermQuerySet:
        """National terms, plus the given forum's own."""
        if forum is None:
            return self.filter(forum__isnull=True)
        return self.filter(Q(forum__isnull=True) | Q(forum=forum))


class GlossaryTerm(models.Model):
    """A term families meet, with a plain-English meaning. National, or one forum's own."""

    term = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120)
    also_known_as = models.CharField(
        max_length=200, blank=True, help_text="Other ways of writing it, separated by semicolons"
    )
    not_matching = models.CharField(
        max_length=300,
        blank=True,
        help_text="Phrases that contain the term but mean something else, separated by semicolons",
    )
    meaning = models.TextField()
    forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="glossary_terms",
    )
    status = models.CharField(
        max_length=10, choices=TermStatus.choices, default=TermStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(forum__isnull=True),
                name="glossary_unique_national_term",
            ),
            models.UniqueConstraint(fields=["forum", "slug"], name="glossary_unique_forum_term"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def names(self) -> list[str]:
        extra = [name.strip() for name in self.also_known_as.split(";") if name.strip()]
        return [self.term, *extra]

    @property
    def aliases(self) -> list[str]:
        return self.names[1:]

    @property
    def exclusions(self) -> list[str]:
        return [phrase.strip() for phrase in self.not_matching.split(";") if phrase.strip()]

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"
