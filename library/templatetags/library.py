"""Library pieces for other apps' templates, so that their Python need not import the library
(only the site imports it): ``{% load library %}{% session_resources session %}``."""

from __future__ import annotations

from django import template

from library.selectors import resources_for_session
from peer_network.models import Session

register = template.Library()


@register.inclusion_tag("library/_session_resources.html")
def session_resources(session: Session) -> dict[str, object]:
    """The library's resources that came from this session, with links to them."""
    return {"resources": list(resources_for_session(session))}
