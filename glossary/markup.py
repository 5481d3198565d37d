"""Marking up glossary terms in user-facing text.

Text is escaped, its web and email addresses become links (core.links), and the first use of
each known term becomes a link to its glossary entry that carries the meaning. Without JavaScript the link opens the glossary; with it, the term becomes a
button that shows the meaning in place (static/js/glossary.mjs). Later uses are left alone, so a
page is never flooded with explanations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.links import address_pieces, link_addresses
from forums.models import Forum
from glossary.models import GlossaryTerm


@dataclass(frozen=True)
class KnownTerms:
    pattern: re.Pattern[str] | None
    by_name: dict[str, GlossaryTerm]
    # Per term, the phrases it sits inside without meaning the term ("tribunal" in a film title).
    exclusions: dict[int, re.Pattern[str]] = field(default_factory=dict)


def _key(name: str) -> str:
    """How a matched name is looked up: case and the punctuation between words do not count."""
    return " ".join(re.findall(r"[\w()'-]+", name.lower()))


def _phrase_pattern(name: str) -> str:
    """Abbreviations (EHCP, LA, SpLD) match only as written, so that "SEND" never matches the
    word "send"; words and phrases match in any case, with any spaces or commas between words
    ("social, emotional and mental health")."""
    if _is_abbreviation(name):
        return re.escape(name)
    words = [re.escape(word) for word in re.findall(r"[\w()'-]+", name)]
    return "(?i:" + r"[\s,]+".join(words) + ")"


def _is_abbreviation(name: str) -> bool:
    return " " not in name and any(c.isupper() for c in name[1:])


def _usable(name: str, *, own_name: bool) -> bool:
    """Phrases and abbreviations always match. A single word matches only as the term's own
    name (Tribunal, Keyworker), never as another way of writing it, so that everyday words
    ("social", "education") are not explained as something they do not mean here."""
    if _is_abbreviation(name) or " " in name.strip():
        return True
    return own_name and len(name) >= 4


def known_terms(forum: Forum | None) -> KnownTerms:
    terms = list(GlossaryTerm.objects.approved().for_forum(forum))
    by_name: dict[str, GlossaryTerm] = {}
    exclusions: dict[int, re.Pattern[str]] = {}
    for term in terms:
        for n, name in enumerate(term.names):
            if _usable(name, own_name=n == 0):
                by_name.setdefault(_key(name), term)
        if term.exclusions:
            alternatives = "|".join(_phrase_pattern(phrase) for phrase in term.exclusions)
            exclusions[term.pk] = re.compile(f"(?:{alternatives})")
    if not by_name:
        return KnownTerms(None, {})
    names = sorted(
        {name for term in terms for name in term.names if _key(name) in by_name},
        key=len,
        reverse=True,
    )
    # Longest first: at any place in the text the longest phrase wins ("social care" before
    # "social"), and whole words only.
    alternatives = "|".join(_phrase_pattern(name) for name in names)
    return KnownTerms(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), by_name, exclusions)


def _term_at(match: re.Match[str], known: KnownTerms) -> GlossaryTerm | None:
    """The term a match stands for, unless it sits inside one of the term's exclusions."""
    term = known.by_name.get(_key(match.group(0)))
    if term is None:
        return None
    excluded = known.exclusions.get(term.pk)
    if excluded is not None:
        text = match.string
        window_start = max(0, match.start() - 200)
        for other in excluded.finditer(text, window_start, match.end() + 200):
            if other.start() <= match.start() and match.end() <= other.end():
                return None
    return term


def term_link(term: GlossaryTerm, shown: str) -> str:
    return format_html(
        '<a class="govuk-link cp-term" href="{}#{}" data-meaning="{}">{}</a>',
        reverse("glossary:index"),
        term.slug,
        term.meaning,
        shown,
    )


def _link_terms_in(text: str, known: KnownTerms, explained: set[int]) -> str:
    """Escape a piece of plain text and link the first use of each term not yet explained."""
    if known.pattern is None:
        return str(escape(text))
    pieces: list[str] = []
    position = 0
    for match in known.pattern.finditer(text):
        term = _term_at(match, known)
        if term is None or term.pk in explained:
            continue
        explained.add(term.pk)
        pieces.append(escape(text[position : match.start()]))
        pieces.append(term_link(term, match.group(0)))
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def link_terms(text: str, known: KnownTerms, explained: set[int]) -> str:
    """Escape the text, link its web and email addresses (core.links), and link the first use
    of each term not yet explained on the page. A term inside an address is part of the
    address: it is neither marked up there nor counted as explained."""
    return link_addresses(text, plain=lambda piece: _link_terms_in(piece, known, explained))


def terms_in(text: str, known: KnownTerms, explained: set[int]) -> list[tuple[GlossaryTerm, str]]:
    """Terms used in the text, outside its addresses, and not yet explained on the page (now
    counted as explained)."""
    found: list[tuple[GlossaryTerm, str]] = []
    if known.pattern is None:
        return found
    for piece, address in address_pieces(text):
        if address is not None:
            continue
        for match in known.pattern.finditer(piece):
            term = _term_at(match, known)
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
