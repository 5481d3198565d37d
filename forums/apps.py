from __future__ import annotations

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Parent Carer Forums"

    def ready(self) -> None:
        from core.lead_tools import lead_tool_register

        lead_tool_register(label="Members", url_name="forums:members", order=20)
        lead_tool_register(label="Invite someone", url_name="forums:invite", order=30)
        lead_tool_register(label="News", url_name="forums:news_manage", order=40)
        lead_tool_register(label="Representatives", url_name="forums:representatives", order=50)
        lead_tool_register(label="Engagement log", url_name="forums:engagement", order=60)
        lead_tool_register(label="Forum details", url_name="forums:details_edit", order=70)
