from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared code every app may use; it imports no app (checked by import-linter)."""

    name = "core"
    verbose_name = "Shared building blocks"

    def ready(self) -> None:
        from django.urls import register_converter

        from core.converters import IdConverter

        register_converter(IdConverter, "id")
