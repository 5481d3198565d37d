"""What each kind of person finds on their home page after signing in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from glossary import services as glossary_services
from tests.accounts.factories import UserFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_a_commissioner_is_told_what_they_can_see_not_that_they_have_no_forum(
    make_client: MakeClient, commissioner: User
) -> None:
    page = make_client(commissioner).get(reverse("home")).content.decode()
    assert "You are not in a forum yet" not in page
    assert "What you can see now" in page
    assert f'href="{reverse("consultations:list")}"' in page
    assert f'href="{reverse("forums:list")}"' in page


def test_a_practitioner_is_shown_what_is_for_them_and_no_dead_end(
    make_client: MakeClient, practitioner: User
) -> None:
    page = make_client(practitioner).get(reverse("home")).content.decode()
    assert "Find your Parent Carer Forum" not in page
    assert "What is for you" in page and "Consultations open to practitioners" in page


def test_staff_see_glossary_terms_waiting_on_their_home_page_and_in_the_navigation(
    make_client: MakeClient, staff: User, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    glossary_services.glossary_term_propose(
        forum=forum, proposed_by=lead, term="Gateway", meaning="The council's front door."
    )
    page = make_client(staff).get(reverse("home")).content.decode()
    assert "Check 1 glossary term" in page
    assert page.count(f'href="{reverse("glossary:review")}"') == 2  # navigation and the to-do
    parent_page = make_client(UserFactory.create()).get(reverse("home")).content.decode()
    assert reverse("glossary:review") not in parent_page


def test_a_parent_sees_consultations_open_to_them_with_closing_dates_and_carry_on(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    from tests.consultations.factories import make_consultation
    from tests.forums.factories import MembershipFactory

    forum, lead = gateshead
    consultation = make_consultation(forum, lead)
    member = MembershipFactory.create(forum=forum).user
    client = make_client(member)
    page = client.get(reverse("home")).content.decode()
    assert "Consultations open to you" in page and consultation.title in page
    assert f"closes {consultation.closes_at:%-d %B %Y}" in page
    assert "Carry on where you left off" not in page
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    page = client.get(reverse("home")).content.decode()
    assert "Started" in page and "Carry on where you left off" in page


def test_the_home_page_query_count_does_not_grow_with_open_consultations(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.consultations.factories import make_consultation
    from tests.forums.factories import MembershipFactory

    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    client = make_client(member)
    counts: list[int] = []
    for total in (1, 10):
        while len(counts) < total:
            make_consultation(forum, lead)
            counts.append(0)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home")).content.decode()
        assert page.count("closes ") == total
        counts[total - 1] = len(queries)
    assert counts[0] == counts[9]
