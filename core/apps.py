from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared code every app may use; it imports no app (checked by import-linter)."""

    name = "core"
    verbose_name = "Shared building blocks"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.urls import register_converter

        from core.converters import IdConverter
        from core.middleware import session_times_start

        register_converter(IdConverter, "id")
        user_logged_in.connect(session_times_start, dispatch_uid="core.session_times_start")
