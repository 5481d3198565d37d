from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from core.forms import REVEALED_BY
from core.links import link_addresses, url_host

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
def error_subject(field: forms.BoundField) -> str:
    """What the error summary names before a field's message, for forms whose page asks several
    questions with the same messages ("Select an answer"): the form's ``error_subjects``."""
    subjects: dict[str, str] = getattr(field.form, "error_subjects", {})
    return subjects.get(field.name, "")


@register.filter
def character_limit(field: forms.BoundField) -> int | None:
    """A text box's limit, for the GOV.UK character count (None for other fields)."""
    limit = getattr(field.field, "max_length", None)
    return limit if isinstance(field.field.widget, forms.Textarea) and limit else None


@register.filter
def link_host(url: str) -> str:
    """The site a link goes to, for link text ("See the evidence on example.org")."""
    return url_host(url)


@register.filter
def is_revealed(field: forms.BoundField) -> bool:
    """Whether a field belongs under an option of a radios question (rendered there, not in the
    form's own order)."""
    return getattr(field.field, REVEALED_BY, None) is not None


@register.filter
def revealed_fields(field: forms.BoundField, value: object) -> list[forms.BoundField]:
    """The fields shown under the option ``value`` of the radios ``field``."""
    key = (field.name, str(value))
    return [
        field.form[name]
        for name, candidate in field.form.fields.items()
        if getattr(candidate, REVEALED_BY, None) == key
    ]


@register.filter
def reveals_any(field: forms.BoundField) -> bool:
    """Whether any option of the radios ``field`` has fields under it."""
    return any(
        getattr(candidate, REVEALED_BY, (None,))[0] == field.name
        for candidate in field.form.fields.values()
    )


@register.filter(is_safe=False)
def linkify(text: str | None) -> SafeString:
    """{{ text|linkify }}: text someone typed, escaped, with its web and email addresses as
    links. Line breaks are left as they are (add |linebreaksbr to keep them)."""
    return link_addresses(str(text or ""))
