from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from privacy.models import Erasure


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin[Erasure]):
    """Read only: the record that an account was deleted is never changed or removed."""

    list_display = ("erased_on", "counts")
    # No search: the record holds nothing about anyone to search for.
    date_hierarchy = "erased_on"
    readonly_fields = ("erased_on", "counts")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Erasure | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Erasure | None = None) -> bool:
        return False
