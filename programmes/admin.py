from __future__ import annotations

from django.contrib import admin

from programmes.models import (
    Area,
    Cohort,
    Framework,
    Programme,
    School,
    SchoolContact,
    Standard,
    TrainingModule,
)


class AreaInline(admin.TabularInline[Area, Framework]):
    model = Area
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AreaInline]


class StandardInline(admin.TabularInline[Standard, Area]):
    model = Standard
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["name", "framework", "order"]
    inlines = [StandardInline]


class ModuleInline(admin.TabularInline[TrainingModule, Programme]):
    model = TrainingModule
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "kind", "framework"]
    inlines = [ModuleInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "programme", "starts_on", "ends_on"]
    filter_horizontal = ["leads", "council_areas"]


class ContactInline(admin.TabularInline[SchoolContact, School]):
    model = SchoolContact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ["name", "urn", "council_area", "phase"]
    search_fields = ["name", "urn"]
    inlines = [ContactInline]
