"""Web and email addresses in typed text become links; nothing the author typed is HTML."""

from __future__ import annotations

import time

import pytest
from django.template import Context, Template
from django.utils.html import escape

from core.links import SHOWN_LENGTH, link_addresses, url_host, url_shown


def _link(href: str, shown: str) -> str:
    return (
        f'<a class="govuk-link cp-typed-link" href="{href}" rel="noopener noreferrer">{shown}</a>'
    )


def test_a_web_address_becomes_a_link_showing_its_site_and_page() -> None:
    html = link_addresses("Book at https://www.example.org/events/coffee?utm_source=x&id=4 now")
    assert html == (
        "Book at "
        + _link(
            "https://www.example.org/events/coffee?utm_source=x&amp;id=4",
            "example.org/events/coffee",
        )
        + " now"
    )


def test_a_bare_www_address_links_over_https() -> None:
    assert link_addresses("www.gov.uk/send") == _link("https://www.gov.uk/send", "gov.uk/send")


def test_an_email_address_becomes_a_mailto_link() -> None:
    assert link_addresses("Email jo.bloggs+forum@example.org.") == (
        "Email " + _link("mailto:jo.bloggs+forum@example.org", "jo.bloggs+forum@example.org") + "."
    )


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("See https://example.org/a.", "https://example.org/a"),
        ("(see https://example.org/a)", "https://example.org/a"),
        ("https://en.wikipedia.org/wiki/Autism_(disambiguation)", None),
        ("“https://example.org/a”", "https://example.org/a"),
        ("Really? https://example.org/a?!", "https://example.org/a"),
        ('"https://example.org/a",', "https://example.org/a"),
    ],
)
def test_the_sentence_around_an_address_stays_out_of_it(text: str, href: str | None) -> None:
    html = link_addresses(text)
    expected = href or text
    assert f'href="{expected}"' in html


def test_a_long_address_shows_a_short_readable_text() -> None:
    long = "https://www.example.org/" + "a-very-long-page-name/" * 10 + "?" + "q=1&" * 50
    html = link_addresses(long)
    shown = html.split(">")[1].split("<")[0]
    assert shown.startswith("example.org/a-very-long-page-name/")
    assert shown.endswith("…") and len(shown) <= SHOWN_LENGTH
    assert "q=1" not in shown


def test_a_percent_encoded_path_is_shown_as_words() -> None:
    assert url_shown("https://example.org/short%20breaks") == "example.org/short breaks"
    assert url_shown("https://www.example.org/") == "example.org"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">click</a>',
        "javascript:alert(1)",
        "www. on its own, www.x, https://intranet, http://[broken, ftp://example.org",
        "name@localhost and @handle",
    ],
)
def test_nothing_else_becomes_html(text: str) -> None:
    html = link_addresses(text)
    assert "<a " not in html and "<script" not in html
    assert html == escape(text)


def test_html_around_and_inside_an_address_is_escaped_once() -> None:
    html = link_addresses('Tom & Jerry: https://example.org/?a="><b>x</b> & <i>')
    assert html.startswith("Tom &amp; Jerry: ")
    # A quote ends the address, and is shown as text after the link.
    assert 'href="https://example.org/?a=" rel="noopener noreferrer">example.org</a>&quot;' in html
    assert "&amp;amp;" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;" in html


def test_the_plain_pieces_go_through_the_callers_escaping() -> None:
    html = link_addresses("one www.example.org two", plain=lambda piece: f"[{piece}]")
    assert html == "[one ]" + _link("https://www.example.org", "example.org") + "[ two]"


def test_link_host_reads_the_site() -> None:
    assert url_host("https://www.example.org/x") == "example.org"
    assert url_host("http://[oops") == ""


def test_the_template_filter_escapes_then_links() -> None:
    template = Template("{% load forms_extra %}{{ text|linkify|linebreaksbr }}")
    html = template.render(Context({"text": "<b>Hi</b>\nwww.example.org & more"}))
    assert html == "&lt;b&gt;Hi&lt;/b&gt;<br>" + _link("https://www.example.org", "example.org") + (
        " &amp; more"
    )


def test_long_text_without_addresses_is_read_quickly() -> None:
    hostile = "a" * 10_000 + "a." * 5_000 + "a@" * 5_000 + "www." * 2_500 + "https://" + "(" * 9_000
    started = time.perf_counter()
    link_addresses(hostile)
    assert time.perf_counter() - started < 1
