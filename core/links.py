"""Web and email addresses in text that people typed, turned into links.

Nothing an author types is trusted as HTML: the text is split into plain pieces and addresses,
each plain piece is escaped (or handed to a caller that escapes it, such as the glossary), and
each address becomes a link built here. A link shows where it goes in a form people can read
("example.org/short-breaks"), never a mile of query string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# An address starts where a word starts: "https://" or "http://" or "www.", or the name before
# an "@". The lookbehinds keep each match to one starting place per word, so that a long run
# of letters cannot make the search slow.
_ADDRESS = re.compile(
    r"(?P<url>(?<![\w@.\-/])(?:https?://|www\.)[^\s<>\"“”‘’]+)"
    r"|(?P<email>(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)",
    re.IGNORECASE,
)
# Punctuation that ends a sentence rather than an address ("see www.example.org.").
_TRAILING = ".,:;!?'\"*"
_CLOSING = {")": "(", "]": "["}
# Link text longer than this is cut, with an ellipsis.
SHOWN_LENGTH = 40


@dataclass(frozen=True)
class Address:
    """Where a link goes and what it shows."""

    href: str
    shown: str


def url_host(url: str) -> str:
    """The site a link goes to, without "www.": "example.org"."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # a malformed address, such as "http://[oops"
        return ""
    return host.removeprefix("www.")


def url_shown(url: str) -> str:
    """A web address as people can read it: the site and the page, without the query, and cut
    short with an ellipsis when long ("example.org/news/short-breaks")."""
    path = unquote(urlsplit(url).path, errors="replace")
    shown = url_host(url) + ("" if path == "/" else path)
    if len(shown) > SHOWN_LENGTH:
        shown = shown[: SHOWN_LENGTH - 1].rstrip("/") + "…"
    return shown


def _trim(candidate: str) -> str:
    """The address without the punctuation of the sentence around it: trailing full stops and
    commas, and a closing bracket that has no opening one in the address."""
    while candidate:
        last = candidate[-1]
        unopened = last in _CLOSING and candidate.count(last) > candidate.count(_CLOSING[last])
        if last not in _TRAILING and not unopened:
            break
        candidate = candidate[:-1]
    return candidate


def _web_address(candidate: str) -> Address | None:
    href = candidate if "://" in candidate else f"https://{candidate}"
    host = url_host(href)
    # A site has a name with a dot in it ("www." alone, or "https://intranet", is not one).
    if "." not in host.strip(".") or host.startswith(".") or host.endswith("."):
        return None
    return Address(href=href, shown=url_shown(href))


def address_pieces(text: str) -> Iterator[tuple[str, Address | None]]:
    """The text in order, as pieces: plain text with None, or an address with its link. Two
    plain pieces never follow each other, so a phrase is never split across them."""
    position = 0
    plain = ""
    for match in _ADDRESS.finditer(text):
        found = _trim(match.group(0))
        address = (
            _web_address(found)
            if match.group("url")
            else Address(href=f"mailto:{found}", shown=found)
        )
        if address is None:
            continue
        plain += text[position : match.start()]
        if plain:
            yield plain, None
        plain = ""
        yield found, address
        position = match.start() + len(found)
    plain += text[position:]
    if plain:
        yield plain, None


def address_link(address: Address) -> SafeString:
    """A link to an address someone typed: the GOV.UK link style, and no referrer sent."""
    return format_html(
        '<a class="govuk-link cp-typed-link" href="{}" rel="noopener noreferrer">{}</a>',
        address.href,
        address.shown,
    )


def link_addresses(text: str, plain: Callable[[str], str] = escape) -> SafeString:
    """The text escaped, with its web and email addresses as links.

    ``plain`` turns each piece of text between addresses into HTML; it must escape what it is
    given (the glossary passes one that escapes and explains terms). Addresses never reach it,
    so nothing inside an address is marked up twice."""
    html = "".join(
        plain(piece) if address is None else address_link(address)
        for piece, address in address_pieces(text)
    )
    return mark_safe(html)  # noqa: S308 (each piece escaped by `plain` or format_html)
