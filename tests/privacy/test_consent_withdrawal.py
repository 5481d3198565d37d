"""Withdrawing consent about children's needs clears every field that may reveal a child's or
parent's needs, free text included; the pages say what stays and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import ConsentKind, MemberProfile, User
from peer_network import services as peer_services
from peer_network.models import Booking
from tests.peer_network.factories import SessionFactory, past_booking, past_session
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_withdrawing_clears_needs_everywhere_and_keeps_communication_needs(
    make_client: MakeClient, parent: User
) -> None:
    account_services.consent_give(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    account_services.member_profile_update(
        user=parent,
        age_bands=["5-10"],
        needs={"semh": "awaiting"},
        support_level="ehcp",
        school_type="special",
        ethnic_group="white_irish",
        meeting_adjustments="My son is autistic; quiet room please",
        preferred_format="large_print",
        interpreter_language="Polish",
        needs_bsl_interpreter=True,
    )
    future = peer_services.booking_create(
        session_id=SessionFactory.create().pk, user=parent, access_needs="Wheelchair access"
    )
    past = past_booking(past_session(), parent)
    Booking.objects.filter(pk=past.pk).update(access_needs="Hearing loop")
    client = make_client(parent)

    page = client.get(reverse("consent_withdraw", args=["children"])).content.decode()
    assert "the access needs you gave when booking sessions" in page
    assert "We keep how you would like us to communicate with you" in page

    response = client.post(reverse("consent_withdraw", args=["children"]))
    assert response["Location"] == reverse("profile")

    profile = MemberProfile.objects.get(user=parent)
    assert (
        profile.age_bands,
        profile.needs,
        profile.support_level,
        profile.school_type,
        profile.ethnic_group,
        profile.meeting_adjustments,
    ) == ([], {}, "", "", "", "")
    assert set(
        Booking.objects.filter(pk__in=[future.pk, past.pk]).values_list("access_needs", flat=True)
    ) == {""}
    # The change history's earlier copies of the same fields are cleared too.
    profile_history = MemberProfile.history.filter(user=parent)
    assert profile_history.count() >= 1
    assert not profile_history.exclude(meeting_adjustments="").exists()
    assert not profile_history.exclude(ethnic_group="").exists()
    assert not profile_history.exclude(needs={}).exists()
    booking_history = Booking.history.filter(user=parent)
    assert booking_history.count() >= 1
    assert not booking_history.exclude(access_needs="").exists()
    # Kept, as the profile and the withdrawal page say.
    assert (
        profile.preferred_format,
        profile.interpreter_language,
        profile.needs_bsl_interpreter,
    ) == ("large_print", "Polish", True)
    assert (
        "We keep how you would like us to communicate"
        in client.get(reverse("profile")).content.decode()
    )


def test_withdrawing_the_privacy_agreement_leaves_needs_alone(
    make_client: MakeClient, parent: User
) -> None:
    future = peer_services.booking_create(
        session_id=SessionFactory.create().pk, user=parent, access_needs="Wheelchair access"
    )
    make_client(parent).post(reverse("consent_withdraw", args=["privacy"]))
    future.refresh_from_db()
    assert future.access_needs == "Wheelchair access"
