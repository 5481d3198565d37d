from __future__ import annotations

from django.contrib import admin

from library.models import LearningPath, PathStep


class PathStepInline(admin.TabularInline[PathStep, LearningPath]):
    model = PathStep
    extra = 0
    fields = ("position", "resource", "session", "note")
    raw_id_fields = ("resource", "session")


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin[LearningPath]):
    """Staff write and order learning paths here; resources are added on the library's pages,
    which check each document's content."""

    list_display = ("title", "audience", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PathStepInline]
