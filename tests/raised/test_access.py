"""Who sees which matters: partner contacts only their organisation's, forum leads only their
forum's, commissioners their areas' (read only), the public only answered public ones with
small family counts hidden; and the list pages' query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from forums.models import Forum
from raised import services
from raised.models import Matter
from tests.raised.factories import partner_for, raise_matter
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_each_person_sees_only_the_matters_that_are_theirs_to_see(
    make_client: MakeClient,
    gateshead: tuple[Forum, User],
    sunderland: tuple[Forum, User],
    commissioner: User,
) -> None:
    forum, lead = gateshead
    council = partner_for(forum, lead, name="Council")
    partner_for(forum, lead, name="ICB", contact=commissioner)
    trust = partner_for(forum, lead, name="Trust")
    ours = raise_matter(forum, lead, council, title="Council matter")
    trusts = raise_matter(forum, lead, trust, title="Trust matter")
    elsewhere = raise_matter(
        sunderland[0],
        sunderland[1],
        partner_for(sunderland[0], sunderland[1]),
        title="Sunderland matter",
    )

    def readable(person: User | None) -> set[str]:
        client = make_client(person)
        return {
            m.title
            for m in (ours, trusts, elsewhere)
            if client.get(reverse("raised:detail", args=[m.pk])).status_code == 200
        }

    assert readable(council.contact) == {"Council matter"}
    assert readable(trust.contact) == {"Trust matter"}
    assert readable(commissioner) == {"Council matter", "Trust matter"}
    assert readable(lead) == {"Council matter", "Trust matter"}
    assert readable(sunderland[1]) == {"Sunderland matter"}
    assert readable(None) == set()
    # The partner's list holds only their matters; the commissioner's every matter of the
    # forum they commission for.
    listed = make_client(council.contact).get(reverse("raised:yours")).content.decode()
    assert "Council matter" in listed and "Trust matter" not in listed
    # The commissioner reads but cannot answer or take a step.
    client = make_client(commissioner)
    page = client.get(reverse("raised:detail", args=[ours.pk])).content.decode()
    assert "Acknowledge" not in page and "Add update" not in page
    assert (
        client.post(reverse("raised:step", args=[ours.pk]), {"step": "acknowledge"}).status_code
        == 403
    )
    # Another forum's lead cannot reach this forum's list by changing the address.
    assert (
        make_client(sunderland[1]).get(reverse("raised:forum_list", args=[forum.slug])).status_code
        == 403
    )


def test_the_public_page_shows_answered_public_matters_with_small_counts_hidden(
    make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead)
    few = raise_matter(forum, lead, partner, title="Few families", families=3, visibility="public")
    many = raise_matter(
        forum, lead, partner, title="Many families", families=40, visibility="public"
    )
    raise_matter(forum, lead, partner, title="Not answered", visibility="public")
    private = raise_matter(forum, lead, partner, title="Members only", visibility="partners")
    for matter in (few, many, private):
        services.matter_step(matter=matter, by=partner.contact, step="respond", body="Answer")
    page = make_client(None).get(reverse("raised:forum_public", args=[forum.slug])).content.decode()
    assert "Few families" in page and "Many families" in page
    assert "Not answered" not in page and "Members only" not in page
    assert "raised by a few families" in page and "3 famil" not in page
    assert "raised by 40 families" in page
    detail = make_client(None).get(reverse("raised:detail", args=[few.pk])).content.decode()
    assert "Raised by a few families" in detail
    forum_page = make_client(None).get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "Raised with partners" in forum_page and "Many families" in forum_page
    assert "Members only" not in forum_page
    region = make_client(None).get(reverse("raised:region_public", args=[forum.region.slug]))
    assert "Many families" in region.content.decode()


@pytest.mark.parametrize("count", [5, 60])
def test_list_pages_keep_their_query_counts(
    count: int,
    make_client: MakeClient,
    gateshead: tuple[Forum, User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    partners = [partner_for(forum, lead, name=f"Partner {n}") for n in range(3)]
    for n in range(count):
        raise_matter(forum, lead, partners[n % 3], title=f"Matter {n}", visibility="public")
    for matter in Matter.objects.all()[: count // 2]:
        services.matter_step(matter=matter, by=matter.partner.contact, step="acknowledge")
    pages = [
        (lead, reverse("raised:forum_list", args=[forum.slug])),
        (partners[0].contact, reverse("raised:yours")),
        (None, reverse("raised:forum_public", args=[forum.slug])),
    ]
    for person, url in pages:
        client = make_client(person)
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
    assert len(make_client(lead).get(pages[0][1]).context["page"]) == min(count, 25)
