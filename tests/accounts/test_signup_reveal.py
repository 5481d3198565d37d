"""Sign-up asks practitioners' and commissioners' questions only under their own choice."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.test_signup import VALID

pytestmark = pytest.mark.django_db


def test_the_practitioners_questions_are_revealed_under_their_choice(client: Client) -> None:
    page = client.get(reverse("account_signup")).content.decode()
    revealed = dict(re.findall(r'class="govuk-radios__conditional[^"]*" id="([\w-]+)"()', page))
    controls = re.findall(
        r'value="(practitioner|commissioner)"\s*data-aria-controls="([\w-]+)"', page
    )
    assert {choice for choice, _ in controls} == {"practitioner", "commissioner"}
    assert all(target in revealed for _, target in controls)
    practitioner = page.index('value="practitioner"')
    sector = page.index('name="sector"')
    commissioner = page.index('value="commissioner"')
    assert practitioner < sector < commissioner  # under the practitioner choice, not for everyone


def test_a_parent_carer_keeps_no_practitioner_details(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {**VALID, "role": "parent_carer", "sector": "health", "organisation": "Typed by mistake"},
    )
    user = User.objects.get(email=VALID["email"])
    assert (user.sector, user.organisation) == ("", "")


def test_a_commissioner_gives_their_organisation_under_their_choice(client: Client) -> None:
    response = client.post(reverse("account_signup"), {**VALID, "role": "commissioner"})
    assert "Enter the name of your organisation" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {**VALID, "role": "commissioner", "commissioner_organisation": "North East ICB"},
    )
    assert User.objects.get(email=VALID["email"]).organisation == "North East ICB"
