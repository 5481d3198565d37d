from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from consultations.models import Consultation, Response
from core.limits import rates_for
from core.models import AccessWhat
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import page_one, page_two, sent_codes
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_consultation(gateshead: ForumLead) -> Consultation:
    consultation = make_consultation(*gateshead, audience="open_link")
    assert consultation.open_link_token
    return consultation


def test_anyone_with_the_link_answers_without_an_account(open_consultation: Consultation) -> None:
    client = Client()
    token = open_consultation.open_link_token
    assert (
        "Start now"
        in client.get(reverse("consultations:open_start", args=[token])).content.decode()
    )
    response = client.post(reverse("consultations:open_start", args=[token]), {"website": ""})
    assert response["Location"] == reverse("consultations:open_section", args=[token, 1])
    client.post(reverse("consultations:open_section", args=[token, 1]), page_one(open_consultation))
    client.post(reverse("consultations:open_section", args=[token, 2]), page_two(open_consultation))
    response = client.post(
        reverse("consultations:open_check", args=[token]), {"quote_consent": "no"}
    )
    assert "Answers sent" in response.content.decode()
    stored = Response.objects.get()
    assert stored.submitted_at and stored.respondent is None and stored.respondent_type == "public"
    # A second start from the same browser does not start another response.
    client.post(reverse("consultations:open_start", args=[token]))
    assert Response.objects.count() == 1


def test_old_links_to_carry_on_no_longer_attach_a_browser(open_consultation: Consultation) -> None:
    token = open_consultation.open_link_token
    first = Client()
    first.post(reverse("consultations:open_start", args=[token]))
    first.post(
        reverse("consultations:open_section", args=[token, 1]),
        {**page_one(open_consultation), "save_and_exit": "1"},
    )
    page = first.get(reverse("consultations:open_start", args=[token])).content.decode()
    found = re.search(r'id="carry-on-code">([^<]+)<', page)
    assert found is not None
    browser_code = found.group(1)
    second = Client()
    old = second.get(reverse("consultations:open_resume", args=[token, browser_code]))
    assert old.status_code == 404 and "This link no longer works" in old.content.decode()
    assert f"cp_open_{open_consultation.pk}" not in second.cookies
    assert (
        "Carry on"
        not in second.get(reverse("consultations:open_start", args=[token])).content.decode()
    )


def test_open_link_starts_are_limited_per_address(open_consultation: Consultation) -> None:
    OPEN_LINK_STARTS_PER_HOUR = rates_for(AccessWhat.OPEN_LINK_START)["address"].count
    token = open_consultation.open_link_token
    statuses = [
        Client().post(reverse("consultations:open_start", args=[token])).status_code
        for _ in range(OPEN_LINK_STARTS_PER_HOUR + 1)
    ]
    assert statuses[:OPEN_LINK_STARTS_PER_HOUR] == [302] * OPEN_LINK_STARTS_PER_HOUR
    assert statuses[-1] == 429
    assert Response.objects.count() == OPEN_LINK_STARTS_PER_HOUR


def test_robots_filling_the_hidden_field_are_refused(open_consultation: Consultation) -> None:
    response = Client().post(
        reverse("consultations:open_start", args=[open_consultation.open_link_token]),
        {"website": "spam"},
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_made_up_link_is_not_found(open_consultation: Consultation) -> None:
    assert Client().get(reverse("consultations:open_start", args=["nope"])).status_code == 404


def test_open_link_consultations_are_not_answered_by_id(
    make_client: MakeClient, open_consultation: Consultation, member: User
) -> None:
    assert (
        make_client(member)
        .get(reverse("consultations:answer_start", args=[open_consultation.pk]))
        .status_code
        == 404
    )


def test_open_link_pages_are_never_stored(open_consultation: Consultation) -> None:
    client = Client()
    token = open_consultation.open_link_token
    client.post(reverse("consultations:open_start", args=[token]))
    for url in (
        reverse("consultations:open_start", args=[token]),
        reverse("consultations:open_section", args=[token, 1]),
        reverse("consultations:open_check", args=[token]),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


def _carry_on_link(page: str) -> str:
    found = re.search(r"https?://testserver(/consultations/open/[^\s<\"]+)", page)
    assert found is not None
    return found.group(1)


def test_a_carry_on_link_sent_by_someone_else_does_not_join_their_answers(
    open_consultation: Consultation,
) -> None:
    token = open_consultation.open_link_token
    attacker = Client()
    attacker.post(reverse("consultations:open_start", args=[token]))
    attacker.post(
        reverse("consultations:open_section", args=[token, 1]),
        {**page_one(open_consultation, age="0 to 4"), "save_and_exit": "1"},
    )
    link = _carry_on_link(
        attacker.get(reverse("consultations:open_start", args=[token])).content.decode()
    )
    # The victim opens the link they were sent, then answers.
    victim = Client()
    opened = victim.get(link, follow=True)
    assert "0 to 4" not in opened.content.decode()
    victim.post(reverse("consultations:open_start", args=[token]))
    victim.post(
        reverse("consultations:open_section", args=[token, 2]),
        page_two(open_consultation, "My private words"),
    )
    victim_check = victim.get(reverse("consultations:open_check", args=[token])).content.decode()
    assert "0 to 4" not in victim_check
    attacker_check = attacker.get(
        reverse("consultations:open_check", args=[token])
    ).content.decode()
    assert "My private words" not in attacker_check
    assert Response.objects.count() == 2


def test_the_owner_carries_on_from_another_device_with_their_code(
    open_consultation: Consultation,
) -> None:
    token = open_consultation.open_link_token
    first = Client()
    first.post(reverse("consultations:open_start", args=[token]))
    first.post(
        reverse("consultations:open_section", args=[token, 1]),
        {**page_one(open_consultation, age="0 to 4"), "save_and_exit": "1"},
    )
    page = first.get(reverse("consultations:open_start", args=[token])).content.decode()
    found = re.search(r'id="carry-on-code">([^<]+)<', page)
    assert found is not None
    code = found.group(1)
    link = _carry_on_link(page)
    # Neither the link nor any address on the page carries the code.
    compact = code.replace("-", "")
    assert code not in link and compact not in link
    assert not re.search(rf'href="[^"]*({code}|{compact})', page)
    second = Client()
    asked = second.get(link)
    assert asked.status_code == 200 and "Enter your code" in asked.content.decode()
    wrong = second.post(link, {"code": "AAAA-BBBB-CCCC"})
    assert "That code is not right" in wrong.content.decode()
    assert (
        "0 to 4"
        not in second.get(reverse("consultations:open_check", args=[token])).content.decode()
    )
    right = second.post(link, {"code": code.lower()})
    assert right["Location"] == reverse("consultations:open_start", args=[token])
    assert "Carry on" in second.get(right["Location"]).content.decode()
    assert (
        "0 to 4" in second.get(reverse("consultations:open_check", args=[token])).content.decode()
    )


def test_a_browser_that_has_sent_cannot_send_again_but_can_change(
    open_consultation: Consultation,
) -> None:
    token = open_consultation.open_link_token
    client = Client()
    client.post(reverse("consultations:open_start", args=[token]))
    client.post(reverse("consultations:open_section", args=[token, 1]), page_one(open_consultation))
    client.post(reverse("consultations:open_section", args=[token, 2]), page_two(open_consultation))
    sent = client.post(reverse("consultations:open_check", args=[token]), {"quote_consent": "no"})
    reference, code = sent_codes(sent)
    stored = Response.objects.get()
    assert stored.draft_key == "" and stored.respondent is None
    start = client.get(reverse("consultations:open_start", args=[token])).content.decode()
    assert "You have already sent your answers from this device" in start
    again = client.post(reverse("consultations:open_start", args=[token]))
    assert again["Location"] == reverse("consultations:open_change", args=[token])
    assert Response.objects.count() == 1
    changed = client.post(
        reverse("consultations:open_change", args=[token]),
        {"reference": reference, "change_code": code},
    )
    assert changed["Location"] == reverse("consultations:open_check", args=[token])
