from __future__ import annotations

from django.apps import AppConfig


class RaisedConfig(AppConfig):
    name = "raised"
    verbose_name = "Raised with partners"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register
        from core.page_parts import FORUM_PAGE, page_part_register
        from raised.selectors import forum_page_raised

        page_part_register(
            page=FORUM_PAGE, template="raised/_forum_page.html", context=forum_page_raised, order=30
        )

        lead_tool_register(label="Raised with partners", url_name="raised:forum_list", order=37)
        lead_tool_register(label="Partners", url_name="raised:partners", order=38)
