from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register

        lead_tool_register(label="Consultations", url_name="consultations:manage_list", order=10)
