"""The outbox in the admin: staff search every email the service sent or tried to send, and
send failed ones again. Emails are written by the service only, never edited here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.models import OutboxEmail, OutboxStatus
from core.outbox import outbox_resend


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin[OutboxEmail]):
    list_display = ("created_at", "to", "kind", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "category", "kind")
    search_fields = ("to", "subject", "kind", "key")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    actions = ("resend",)
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxEmail | None = None) -> bool:
        # Staff may open an email to read it; the form shows every field read-only.
        return bool(request.user.is_staff) and request.method in ("GET", "HEAD")

    def has_delete_permission(self, request: HttpRequest, obj: OutboxEmail | None = None) -> bool:
        return False

    @admin.action(description="Send the failed emails again")
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        failed = list(queryset.filter(status=OutboxStatus.FAILED).values_list("pk", flat=True))
        count = outbox_resend(row_ids=failed)
        messages.success(request, f"{count} email{'s' if count != 1 else ''} queued again.")
