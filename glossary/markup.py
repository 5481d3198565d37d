"""Marking up glossary terms in user-facing text.

Text is escaped, and the first use of each known term becomes a link to its glossary entry that
carries the meaning. Without JavaScript the link opens the glossary; with it, the term becomes a
button that shows the meaning in place (static/js/glossary.mjs). Later uses are left alone, so a
page is never flooded with explanations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from forums.models import Forum
from glossary.models import GlossaryTerm


@dataclass(frozen=True)
class KnownTerms:
    pattern: re.Pattern[str] | None
    by_name: dict[str, GlossaryTerm]


def _name_pattern(name: str) -> str:
    """Abbreviations (EHCP, LA, SpLD) match only as written, so that "SEND" never matches the
    word "send"; words and phrases (tribunal, SEN Support) match in any case."""
    escaped = re.escape(name)
    return escaped if _is_abbreviation(name) else f"(?i:{escaped})"


def _usable(name: str) -> bool:
    """Short words that match in any case ("do", "at") would mark up ordinary English."""
    return _is_abbreviation(name) or len(name) >= 4


def _is_abbreviation(name: str) -> bool:
    return " " not in name and any(c.isupper() for c in name[1:])


def known_terms(forum: Forum | None) -> KnownTerms:
    terms = GlossaryTerm.objects.approved().for_forum(forum)
    by_name: dict[str, GlossaryTerm] = {}
    for term in terms:
        for name in term.names:
            if _usable(name):
                by_name.setdefault(name.lower(), term)
    if not by_name:
        return KnownTerms(None, {})
    names = sorted({n for t in terms for n in t.names if _usable(n)}, key=len, reverse=True)
    alternatives = "|".join(_name_pattern(name) for name in names)
    return KnownTerms(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), by_name)


def term_link(term: GlossaryTerm, shown: str) -> str:
    return format_html(
        '<a class="govuk-link cp-term" href="{}#{}" data-meaning="{}">{}</a>',
        reverse("glossary:index"),
        term.slug,
        term.meaning,
        shown,
    )


def link_terms(text: str, known: KnownTerms, explained: set[int]) -> str:
    """Escape the text and link the first use of each term not yet explained on the page."""
    if known.pattern is None:
        return str(escape(text))
    pieces: list[str] = []
    position = 0
    for match in known.pattern.finditer(text):
        term = known.by_name.get(match.group(0).lower())
        if term is None or term.pk in explained:
            continue
        explained.add(term.pk)
        pieces.append(escape(text[position : match.start()]))
        pieces.append(term_link(term, match.group(0)))
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def terms_in(text: str, known: KnownTerms, explained: set[int]) -> list[tuple[GlossaryTerm, str]]:
    """Terms used in the text and not yet explained on the page (now counted as explained)."""
    found = []
    if known.pattern is None:
        return found
    for match in known.pattern.finditer(text):
        term = known.by_name.get(match.group(0).lower())
        if term is not None and term.pk not in explained:
            explained.add(term.pk)
            found.append((term, match.group(0)))
    return found


def mark_up(text: str, known: KnownTerms, explained: set[int]) -> SafeString:
    """Escape the text, link the first use of each term, and keep paragraphs."""
    return _paragraphs(link_terms(text, known, explained))


def mark_up_inline(text: str, known: KnownTerms, explained: set[int]) -> SafeString:
    return mark_safe(link_terms(text, known, explained))  # noqa: S308 (escaped in link_terms)


def _paragraphs(escaped: str) -> SafeString:
    """GOV.UK paragraphs from already-escaped text: blank lines part paragraphs."""
    blocks = re.split(r"\n\s*\n", escaped.replace("\r\n", "\n").strip())
    html = "".join(
        f'<p class="govuk-body">{block.strip().replace(chr(10), "<br>")}</p>'
        for block in blocks
        if block.strip()
    )
    return mark_safe(html)  # noqa: S308 (every piece was escaped above)
