"""The GOV.UK pagination component for a Django page of results."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.core.paginator import Page

register = template.Library()


def page_numbers(current: int, last: int) -> list[int | None]:
    """The page numbers to link, as GOV.UK's pagination asks: the first, the last, the current
    one and those either side of it, with None where an ellipsis stands for the pages left out."""
    wanted = sorted(n for n in {1, current - 1, current, current + 1, last} if 1 <= n <= last)
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    href: str
    current: bool


@register.inclusion_tag("components/pagination.html")
def govuk_pagination(
    page: Page[object], query: str = "", label: str = "Pages"
) -> dict[str, object]:
    """{% govuk_pagination page query "Pages of answers" %}: links to the pages around this
    one; ``query`` is the rest of the address's query string (filters), kept on every link."""

    def href(number: int) -> str:
        return f"?{query}&page={number}" if query else f"?page={number}"

    links = [
        PageLink(number, href(number) if number else "", number == page.number)
        for number in page_numbers(page.number, page.paginator.num_pages)
    ]
    return {
        "page": page,
        "label": label,
        "links": links,
        "previous": href(page.previous_page_number()) if page.has_previous() else "",
        "next": href(page.next_page_number()) if page.has_next() else "",
    }
