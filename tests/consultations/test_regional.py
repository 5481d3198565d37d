from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from consultations.models import Consultation
from tests.dates import gov_date
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_staff_run_a_regional_consultation_for_every_forum_in_the_region(
    make_client: MakeClient, staff: User, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    region = gateshead[0].region
    sunderland[0].region = region
    sunderland[0].save()
    client = make_client(staff)
    assert (
        "Start a regional consultation"
        in client.get(
            reverse("consultations:region_manage_list", args=[region.slug])
        ).content.decode()
    )
    response = client.post(
        reverse("consultations:region_new", args=[region.slug]),
        {
            "title": "Across the region",
            "summary": "All forums",
            **gov_date("opens_on", "2026-12-01"),
            **gov_date("closes_on", "2026-12-31"),
            "audience": "members",
            "respondent_types": "both",
            "identity_mode": "anonymous",
        },
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:builder", args=[consultation.pk])
    assert consultation.region == region and consultation.forum is None
    assert set(consultation.audience_forums.all()) == {gateshead[0], sunderland[0]}
    assert client.get(reverse("consultations:builder", args=[consultation.pk])).status_code == 200


def test_forum_leads_cannot_run_regional_consultations(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    assert (
        client.get(reverse("consultations:region_new", args=[forum.region.slug])).status_code == 403
    )
    from django.utils import timezone

    from consultations import services

    regional = services.consultation_create(
        created_by=MembershipFactory.create(forum=forum, user__is_staff=True).user,
        region=forum.region,
        title="R",
        summary="S",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=2),
    )
    assert client.get(reverse("consultations:builder", args=[regional.pk])).status_code == 403
