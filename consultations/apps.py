from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from consultations.selectors import forum_page_consultations
        from core.forum_page import forum_page_part_register
        from core.lead_tools import lead_tool_register

        lead_tool_register(label="Consultations", url_name="consultations:manage_list", order=10)
        forum_page_part_register(
            template="consultations/_forum_page.html",
            context=forum_page_consultations,
            order=10,
        )
