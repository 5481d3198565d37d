from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from consultations.selectors import forum_page_consultations
        from core.lead_tools import lead_tool_register
        from core.page_parts import FORUM_PAGE, page_part_register

        lead_tool_register(label="Consultations", url_name="consultations:manage_list", order=10)
        page_part_register(
            page=FORUM_PAGE,
            template="consultations/_forum_page.html",
            context=forum_page_consultations,
            order=10,
        )
