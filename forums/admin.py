from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.text import single_line
from forums import services
from forums.models import CouncilArea, Forum, Place, Region


class ForumAdminForm(forms.ModelForm[Forum]):
    class Meta:
        model = Forum
        fields = (
            "name",
            "slug",
            "region",
            "council_areas",
            "description",
            "contact_email",
            "website",
            "logo",
            "independence_statement",
        )

    def clean_name(self) -> str:
        # The forum's name is in the subject of every email about it.
        return single_line(self.cleaned_data["name"])


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class PlaceInline(admin.TabularInline[Place, CouncilArea]):
    model = Place
    extra = 0


@admin.register(CouncilArea)
class CouncilAreaAdmin(admin.ModelAdmin[CouncilArea]):
    list_display = ("name", "region")
    list_filter = ("region",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (PlaceInline,)

    def save_model(self, request: HttpRequest, obj: CouncilArea, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A new area (or one renamed to match the places file) finds its towns and villages.
        services.places_ensure(area=obj)


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
    form = ForumAdminForm
    list_display = ("name", "region", "contact_email")
    list_filter = ("region",)
    search_fields = ("name", "council_areas__name")
    filter_horizontal = ("council_areas",)
    prepopulated_fields = {"slug": ("name",)}
