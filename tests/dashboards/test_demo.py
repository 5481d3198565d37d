"""The demo commissioner's dashboards show the demo's forums, consultations, sessions and
matters."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from dashboards.models import CommissionerScope
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_the_demo_commissioner_sees_the_north_east(make_client: MakeClient) -> None:
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # safe to run again
    commissioner = User.objects.get(email="commissioner@example.org")
    scope = CommissionerScope.objects.get(user=commissioner)
    assert scope.region is not None and scope.region.name == "North East"
    client = make_client(commissioner)
    overview = client.get(reverse("dashboards:overview")).content.decode()
    assert "Members reached" in overview
    assert (
        "Gateshead Parent Carer Forum"
        in client.get(reverse("dashboards:page", args=["reach"])).content.decode()
    )
    early = client.get(reverse("dashboards:page", args=["early-response"])).content.decode()
    assert "Gateshead Council SEND Service" in early
