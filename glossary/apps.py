from __future__ import annotations

from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    """The shared language: national and forum terms, explained wherever they appear."""

    name = "glossary"
    verbose_name = "Glossary"
