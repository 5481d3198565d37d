from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from glossary import services
from glossary.models import GlossaryTerm, TermStatus
from tests.types import ForumLead, MakeClient

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


def test_a_forums_own_terms_only_show_on_its_pages(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
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


def test_glossary_lists_terms_a_to_z_and_searches(client: Client) -> None:
    page = client.get(reverse("glossary:index")).content.decode()
    assert 'id="letter-A"' in page
    assert 'id="ehcp"' in page
    assert page.index('id="annual-review"') < page.index('id="ehcp"') < page.index('id="tribunal"')
    page = client.get(reverse("glossary:index"), {"q": "legal document"}).content.decode()
    assert 'id="ehcp"' in page and 'id="tribunal"' not in page


def test_a_lead_proposes_a_term_and_staff_approve_it(
    make_client: MakeClient, gateshead: ForumLead, staff: User
) -> None:
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


def test_a_duplicate_term_is_refused(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("glossary:propose", args=[forum.slug]), {"term": "EHCP", "meaning": "Again"}
    )
    assert "already in the glossary" in response.content.decode()


def test_leads_cannot_approve_terms(make_client: MakeClient, gateshead: ForumLead) -> None:
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


def test_short_everyday_words_are_never_marked_up(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    GlossaryTerm.objects.create(
        term="Assess",
        slug="assess",
        also_known_as="do; at",
        meaning="x",
        forum=forum,
        status=TermStatus.APPROVED,
    )
    template = Template("{% load glossary %}{% glossary text forum %}")
    html = template.render(Context({"text": "Do you know what to do at school?", "forum": forum}))
    assert "cp-term" not in html


def _flagship_texts() -> list[str]:
    from consultations import good_life

    texts = [good_life.TITLE, good_life.SUMMARY, good_life.EASY_READ, good_life.CONSENT]
    for section in good_life.SECTIONS:
        texts += [section["title"], section.get("intro", "")]
        for question in section["questions"]:
            texts += [question["text"], question.get("help_text", "")]
            texts += list(question.get("choices", []))
    return [text for text in texts if text]


def test_the_flagship_consultation_is_explained_with_the_right_meanings() -> None:
    html = _render("\n\n".join(_flagship_texts()))
    explained = set(re.findall(r'href="/glossary/#([\w-]+)"[^>]*>([^<]+)</a>', html))
    # "health and social care" is not social, emotional and mental health, and schools,
    # health and education are not an EHCP.
    assert not {slug for slug, shown in explained if shown.lower() in {"social", "education"}}
    assert "semh" not in {slug for slug, _ in explained}
    assert "Tell us how it feels to work with schools, health and social care." in html


def test_phrases_match_whole_longest_first_and_across_commas() -> None:
    html = _render(
        "Support for social, emotional and mental health. Education is for everyone. "
        "An Education, Health and Care plan is a legal document."
    )
    assert 'href="/glossary/#semh"' in html
    assert ">social, emotional and mental health</a>" in html
    assert ">Education, Health and Care plan</a>" in html
    assert ">Education</a> is for everyone" not in html


def test_a_term_does_not_match_inside_a_phrase_it_lists_as_not_its_own(
    gateshead: ForumLead,
) -> None:
    forum, _ = gateshead
    GlossaryTerm.objects.create(
        term="Blue Badge",
        slug="blue-badge",
        not_matching="blue badge scheme for swimmers; blue badge swimmers",
        meaning="A parking permit for disabled people.",
        forum=forum,
        status=TermStatus.APPROVED,
    )
    template = Template("{% load glossary %}{% glossary text forum %}")
    text = "Blue badge swimmers train on Fridays. Ask the council about a blue badge for the car."
    html = template.render(Context({"text": text, "forum": forum}))
    assert "Blue badge swimmers train on Fridays" in html
    assert html.count("cp-term") == 1 and ">blue badge</a> for the car" in html


def test_the_national_glossary_module_matches_what_the_migrations_loaded() -> None:
    from glossary.national import TERMS, national_terms_ensure

    migrated = set(
        GlossaryTerm.objects.filter(forum=None).values_list("term", "also_known_as", "meaning")
    )
    assert migrated == set(TERMS)
    assert national_terms_ensure() == len(TERMS) == GlossaryTerm.objects.filter(forum=None).count()


def test_addresses_become_links_and_terms_inside_them_are_left_alone() -> None:
    from glossary.markup import known_terms, terms_in

    text = "Guide: https://example.org/EHCP?x=1&y=2 (or www.example.org). Your EHCP & you."
    html = _render(text)
    assert (
        'href="https://example.org/EHCP?x=1&amp;y=2" rel="noopener noreferrer">example.org/EHCP</a>'
        in html
    )
    assert '(or <a class="govuk-link cp-typed-link" href="https://www.example.org"' in html
    assert html.count("cp-term") == 1 and ">EHCP</a> &amp; you." in html
    assert "&amp;amp;" not in html
    found = terms_in(text, known_terms(None), set())
    assert [shown for _, shown in found] == ["EHCP"]
    assert terms_in("Read https://example.org/EHCP", known_terms(None), set()) == []
