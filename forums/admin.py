from __future__ import annotations

from django import forms
from django.contrib import admin

from core.text import single_line
from forums.models import CouncilArea, Forum, Region


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


@admin.register(CouncilArea)
class CouncilAreaAdmin(admin.ModelAdmin[CouncilArea]):
    list_display = ("name", "region")
    list_filter = ("region",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
    form = ForumAdminForm
    list_display = ("name", "region", "contact_email")
    list_filter = ("region",)
    search_fields = ("name", "council_areas__name")
    filter_horizontal = ("council_areas",)
    prepopulated_fields = {"slug": ("name",)}
