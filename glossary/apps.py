from __future__ import annotations

from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    """The shared language: national and forum terms, explained wherever they appear."""

    name = "glossary"
    verbose_name = "Glossary"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register

        lead_tool_register(label="Glossary terms", url_name="glossary:propose", order=80)
