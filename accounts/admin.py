from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Consent, User


class ConsentInline(admin.TabularInline[Consent, User]):
    model = Consent
    extra = 0
    readonly_fields = ("kind", "version", "given_at", "withdrawn_at")
    can_delete = False


@admin.register(User)
# simple_history carries no types, so its admin class is Any to the type checker. Django's
# UserAdmin is typed for AbstractUser; User is built on AbstractBaseUser with the fields it uses.
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin[Any]):  # type: ignore[misc]
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "role_status", "is_staff", "is_active")
    list_filter = ("role", "role_status", "is_staff", "is_active")
    search_fields = ("email", "full_name", "organisation")
    readonly_fields = (
        "role_status",
        "role_decided_at",
        "role_decided_by",
        "date_joined",
        "last_login",
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Details", {"fields": ("full_name", "role", "sector", "organisation")}),
        ("Approval", {"fields": ("role_status", "role_decided_at", "role_decided_by")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = (ConsentInline,)


# allauth's own registration shows each authenticator's stored data, secrets included.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin[Authenticator]):
    """Staff can see who has which authenticator and remove one (a lost phone), but never its
    secret or recovery codes."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email", "user__full_name")
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Authenticator | None = None) -> bool:
        return False
