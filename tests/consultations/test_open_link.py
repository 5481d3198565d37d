from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Response
from consultations.views import OPEN_LINK_STARTS_PER_HOUR
from tests.consultations.conftest import make_consultation
from tests.consultations.helpers import page_one, page_two

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_consultation(gateshead):
    consultation = make_consultation(*gateshead, audience="open_link")
    assert consultation.open_link_token
    return consultation


def test_anyone_with_the_link_answers_without_an_account(open_consultation) -> None:
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
    assert response["Location"] == reverse("consultations:open_done", args=[token])
    stored = Response.objects.get()
    assert stored.submitted_at and stored.respondent is None and stored.respondent_type == "public"
    # A second start from the same browser finds the same response.
    client.post(reverse("consultations:open_start", args=[token]))
    assert Response.objects.count() == 1


def test_the_resume_link_carries_on_from_another_device(open_consultation) -> None:
    token = open_consultation.open_link_token
    first = Client()
    first.post(reverse("consultations:open_start", args=[token]))
    first.post(
        reverse("consultations:open_section", args=[token, 1]),
        {**page_one(open_consultation), "save_and_exit": "1"},
    )
    page = first.get(reverse("consultations:open_start", args=[token])).content.decode()
    resume = re.search(r"(/consultations/open/[^/]+/resume/[^/\s<]+/)", page).group(1)
    second = Client()
    response = second.get(resume)
    assert response["Location"] == reverse("consultations:open_start", args=[token])
    assert "Carry on" in second.get(response["Location"]).content.decode()
    assert (
        second.get(reverse("consultations:open_resume", args=[token, "made-up"])).status_code == 404
    )


def test_open_link_starts_are_limited_per_address(open_consultation) -> None:
    token = open_consultation.open_link_token
    statuses = [
        Client().post(reverse("consultations:open_start", args=[token])).status_code
        for _ in range(OPEN_LINK_STARTS_PER_HOUR + 1)
    ]
    assert statuses[:OPEN_LINK_STARTS_PER_HOUR] == [302] * OPEN_LINK_STARTS_PER_HOUR
    assert statuses[-1] == 429
    assert Response.objects.count() == OPEN_LINK_STARTS_PER_HOUR


def test_robots_filling_the_hidden_field_are_refused(open_consultation) -> None:
    response = Client().post(
        reverse("consultations:open_start", args=[open_consultation.open_link_token]),
        {"website": "spam"},
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_made_up_link_is_not_found(open_consultation) -> None:
    assert Client().get(reverse("consultations:open_start", args=["nope"])).status_code == 404


def test_open_link_consultations_are_not_answered_by_id(
    make_client, open_consultation, member
) -> None:
    assert (
        make_client(member)
        .get(reverse("consultations:answer_start", args=[open_consultation.pk]))
        .status_code
        == 404
    )


def test_open_link_pages_are_never_stored(open_consultation) -> None:
    client = Client()
    token = open_consultation.open_link_token
    client.post(reverse("consultations:open_start", args=[token]))
    for url in (
        reverse("consultations:open_start", args=[token]),
        reverse("consultations:open_section", args=[token, 1]),
        reverse("consultations:open_check", args=[token]),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url
