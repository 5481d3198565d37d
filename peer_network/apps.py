from __future__ import annotations

from django.apps import AppConfig


class PeerNetworkConfig(AppConfig):
    name = "peer_network"
    verbose_name = "Peer Network"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register
        from core.page_parts import FORUM_PAGE, page_part_register
        from peer_network.selectors import forum_page_sessions

        page_part_register(
            page=FORUM_PAGE,
            template="peer_network/_forum_page.html",
            context=forum_page_sessions,
            order=20,
        )

        lead_tool_register(label="Sessions", url_name="peer_network:forum_sessions", order=35)
