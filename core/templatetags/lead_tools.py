from __future__ import annotations

from django import template

from core.lead_tools import LeadTab, lead_tabs

register = template.Library()


@register.simple_tag(takes_context=True)
def lead_tool_tabs(context: template.Context, forum_slug: str) -> list[LeadTab]:
    """{% lead_tool_tabs forum.slug as tabs %}: the lead's navigation for this forum."""
    request = context.get("request")
    return lead_tabs(forum_slug=forum_slug, path=request.path if request is not None else "")
