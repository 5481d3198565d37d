from __future__ import annotations

from urllib.parse import urlsplit

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the field, or for radios and checkboxes (which the
    GOV.UK template pack numbers from 1) the first option."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_1"
    return field.auto_id


@register.filter
def character_limit(field: forms.BoundField) -> int | None:
    """A text box's limit, for the GOV.UK character count (None for other fields)."""
    limit = getattr(field.field, "max_length", None)
    return limit if isinstance(field.field.widget, forms.Textarea) and limit else None


@register.filter
def link_host(url: str) -> str:
    """The site a link goes to, for link text ("See the evidence on example.org")."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")
