from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from forums.models import Forum
from glossary.markup import KnownTerms, known_terms, mark_up

register = template.Library()


def _page_state(context: template.Context, forum: Forum | None) -> tuple[KnownTerms, set[int]]:
    """Terms are loaded once per page, and each is explained at its first use on the page."""
    request = context.get("request")
    state: tuple[dict[int | None, KnownTerms], set[int]] | None = getattr(
        request, "_glossary", None
    )
    if state is None:
        state = ({}, set())
        if request is not None:
            request._glossary = state
    cache, explained = state
    key = forum.pk if forum is not None else None
    if key not in cache:
        cache[key] = known_terms(forum)
    return cache[key], explained


@register.simple_tag(takes_context=True)
def glossary(context: template.Context, text: str, forum: Forum | None = None) -> SafeString:
    """{% glossary post.body forum %}: the text as paragraphs, glossary terms explained."""
    known, explained = _page_state(context, forum)
    return mark_up(text or "", known, explained)


@register.filter(name="glossary")
def glossary_filter(text: str, forum: Forum | None = None) -> SafeString:
    """{{ text|glossary:forum }}: the same for one piece of text on its own."""
    return mark_up(text or "", known_terms(forum), set())
