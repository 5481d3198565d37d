from __future__ import annotations

from django.contrib import admin

from forums.models import CouncilArea, Forum, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CouncilArea)
class CouncilAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    list_filter = ("region",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "contact_email")
    list_filter = ("region",)
    search_fields = ("name", "council_areas__name")
    filter_horizontal = ("council_areas",)
    prepopulated_fields = {"slug": ("name",)}
