from __future__ import annotations

from django.apps import AppConfig


class PeerNetworkConfig(AppConfig):
    name = "peer_network"
    verbose_name = "Peer Network"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register

        lead_tool_register(label="Sessions", url_name="peer_network:forum_sessions", order=35)
