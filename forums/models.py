from __future__ import annotations

from django.db import models


class Region(models.Model):
    """One of England's regions. Regions change when councils reorganise, so they are data."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilArea(models.Model):
    """A local authority area. Each has one Parent Carer Forum."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="council_areas")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Forum(models.Model):
    """A Parent Carer Forum: parent-led, independent, covering one or more council areas."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="forums")
    council_areas = models.ManyToManyField(CouncilArea, related_name="forums")
    description = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
