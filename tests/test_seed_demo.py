from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from forums.models import CouncilArea, Forum, Region
from tests.factories import has_totp

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "parent@example.org",
    "lead@example.org",
    "practitioner@example.org",
    "commissioner@example.org",
    "school@example.org",
    "admin@example.org",
}


def test_seed_demo_creates_the_north_east_and_one_account_per_role(capsys) -> None:
    call_command("seed_demo")
    call_command("seed_demo")  # a second run changes nothing

    assert Region.objects.get().name == "North East"
    assert CouncilArea.objects.count() == 12
    assert Forum.objects.filter(region__name="North East").count() == 12
    assert Forum.objects.filter(council_areas__name="Gateshead").exists()
    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert EmailAddress.objects.filter(verified=True).count() == 6

    users = {u.email: u for u in User.objects.all()}
    assert all(u.check_password("coproduce-demo") for u in users.values())
    assert users["commissioner@example.org"].is_commissioner
    assert users["practitioner@example.org"].is_practitioner
    assert users["admin@example.org"].is_staff
    assert has_totp(users["commissioner@example.org"])
    assert has_totp(users["admin@example.org"])
    assert not has_totp(users["parent@example.org"])
    assert "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in capsys.readouterr().out
