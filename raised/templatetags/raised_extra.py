from __future__ import annotations

from django import template

from core.suppression import is_small

register = template.Library()


@register.filter
def families_shown(count: int) -> str:
    """How many families raised a matter, for a page anyone can read: a small number is not
    given (core.suppression's rule), so that no family can be picked out."""
    if is_small(count):
        return "raised by a few families"
    return f"raised by {count} families"
