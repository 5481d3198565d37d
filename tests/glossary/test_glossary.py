from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from glossary import services
from glossary.models import GlossaryTerm, TermStatus

pytestmark = pytest.mark.django_db


def _render(text: str) -> str:
    template = Template("{% load glossary %}{% glossary text %}{% glossary text %}")
    return template.render(Context({"text": text, "request": RequestFactory().get("/")}))


def test_known_terms_are_explained_once_per_page() -> None:
    html = _render("Ask the SENCO about an EHCP. The SENCO can help with the EHCP.")
    assert html.count('class="govuk-link cp-term"') == 2  # SENCO and EHCP, first use only
    assert 'href="/glossary/#ehcp"' in html
    assert "Education, Health and Care plan: a legal document" in html


def test_abbreviations_only_match_as_written() -> None:
    html = _render("Please send us your views.")
    assert "cp-term" not in html  # "send" is not SEND
    assert "cp-term" in _render("Children with SEND.")


def test_text_is_escaped_and_kept_in_paragraphs() -> None:
    html = _render("<script>alert(1)</script> EHCP\n\nSecond paragraph")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<p class="govuk-body">Second paragraph</p>' in html


def test_a_forums_own_terms_only_show_on_its_pages(gateshead, sunderland) -> None:
    forum, lead = gateshead
    GlossaryTerm.objects.create(
        term="Gateshead Gateway",
        slug="gateshead-gateway",
        meaning="The local front door.",
        forum=forum,
        status=TermStatus.APPROVED,
    )
    template = Template("{% load glossary %}{% glossary text forum %}")
    text = "Call the Gateshead Gateway."
    for_gateshead = template.render(Context({"text": text, "forum": forum}))
    for_sunderland = template.render(Context({"text": text, "forum": sunderland[0]}))
    assert "The local front door." in for_gateshead
    assert "cp-term" not in for_sunderland


def test_glossary_lists_terms_a_to_z_and_searches(client) -> None:
    page = client.get(reverse("glossary:index")).content.decode()
    assert 'id="letter-A"' in page
    assert 'id="ehcp"' in page
    assert page.index('id="annual-review"') < page.index('id="ehcp"') < page.index('id="tribunal"')
    page = client.get(reverse("glossary:index"), {"q": "legal document"}).content.decode()
    assert 'id="ehcp"' in page and 'id="tribunal"' not in page


def test_a_lead_proposes_a_term_and_staff_approve_it(make_client, gateshead, staff) -> None:
    forum, lead = gateshead
    make_client(lead).post(
        reverse("glossary:propose", args=[forum.slug]),
        {"term": "Gateshead Gateway", "meaning": "The front door for help.", "also_known_as": ""},
    )
    term = GlossaryTerm.objects.get(slug="gateshead-gateway")
    assert term.status == TermStatus.PROPOSED and term.forum == forum
    assert (
        "gateshead-gateway" not in make_client(None).get(reverse("glossary:index")).content.decode()
    )
    staff_client = make_client(staff)
    assert "Gateshead Gateway" in staff_client.get(reverse("glossary:review")).content.decode()
    staff_client.post(reverse("glossary:decide", args=[term.pk]), {"decision": "approve"})
    term.refresh_from_db()
    assert term.status == TermStatus.APPROVED and term.decided_by == staff
    assert (
        'id="gateshead-gateway"'
        in make_client(None).get(reverse("glossary:index")).content.decode()
    )


def test_a_duplicate_term_is_refused(make_client, gateshead) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("glossary:propose", args=[forum.slug]), {"term": "EHCP", "meaning": "Again"}
    )
    assert "already in the glossary" in response.content.decode()


def test_leads_cannot_approve_terms(make_client, gateshead) -> None:
    forum, lead = gateshead
    term = services.glossary_term_propose(
        forum=forum, proposed_by=lead, term="Local thing", meaning="x"
    )
    assert (
        make_client(lead)
        .post(reverse("glossary:decide", args=[term.pk]), {"decision": "approve"})
        .status_code
        == 403
    )
    term.refresh_from_db()
    assert term.status == TermStatus.PROPOSED


def test_short_everyday_words_are_never_marked_up(gateshead) -> None:
    forum, lead = gateshead
    GlossaryTerm.objects.create(
        term="Assess",
        slug="assess",
        also_known_as="do, at",
        meaning="x",
        forum=forum,
        status=TermStatus.APPROVED,
    )
    template = Template("{% load glossary %}{% glossary text forum %}")
    html = template.render(Context({"text": "Do you know what to do at school?", "forum": forum}))
    assert "cp-term" not in html
