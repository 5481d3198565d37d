"""``seed_scale`` at a tiny scale: every figure is written, and the data keeps the models' rules
well enough that the pages the benchmarks load work on it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from consultations.models import Answer, AnswerChoice, Consultation, Participation, Response
from consultations.tallies import consultation_counted, stored_tallies
from forums.models import Forum, Membership, MembershipRole, Region
from front.management.commands.seed_scale import EMAIL_DOMAIN, figures
from peer_network.models import Booking, Session
from programmes.models import Cohort, Enrolment, Milestone, School
from tests.accounts.factories import second_step_record

pytestmark = pytest.mark.django_db

SCALE = 0.001


def test_seed_scale_writes_every_figure_at_a_tiny_scale() -> None:
    call_command("seed_scale", scale=SCALE)
    n = figures(SCALE)
    ours = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    assert Region.objects.count() == n["regions"]
    assert Forum.objects.count() == n["forums"]
    assert ours.filter(role=Role.PARENT_CARER).count() == n["members"]
    assert ours.filter(role=Role.PRACTITIONER).count() == n["practitioners"]
    assert ours.filter(role=Role.COMMISSIONER).count() == n["regions"]
    assert Consultation.objects.count() == n["consultations"]
    assert Answer.objects.count() == n["answers"]
    assert Session.objects.count() == n["sessions"]
    assert Booking.objects.count() == n["bookings"]
    assert School.objects.count() == n["schools"]
    assert Cohort.objects.count() == n["cohorts"]

    # Every member is in one forum; each forum has one lead.
    assert Membership.objects.count() == n["members"]
    assert Membership.objects.filter(role=MembershipRole.LEAD).count() == n["forums"]
    # Sent anonymous answers: no person, answers to their own consultation's questions only.
    assert not Response.objects.filter(respondent__isnull=False).exists()
    assert not Response.objects.filter(submitted_at__isnull=True).exists()
    assert not Answer.objects.exclude(
        question__section__consultation=F("response__consultation")
    ).exists()
    assert not AnswerChoice.objects.exclude(choice__question=F("answer__question")).exists()
    # A member takes part once, in their own forum's consultation.
    assert not Participation.objects.exclude(
        user__memberships__forum=F("consultation__forum")
    ).exists()
    # No session has more bookings than places; every enrolment has its five milestones.
    assert not (
        Session.objects.annotate(booked=Count("bookings")).filter(booked__gt=F("capacity")).exists()
    )
    assert Milestone.objects.count() == 5 * Enrolment.objects.count() == 5 * n["schools"]
    # The results' tallies agree with the answers written in bulk.
    for consultation in Consultation.objects.all():
        assert stored_tallies(consultation) == +consultation_counted(consultation)


def test_pages_work_on_scale_data() -> None:
    call_command("seed_scale", scale=SCALE)
    consultation = Consultation.objects.get()
    lead = Membership.objects.get(role=MembershipRole.LEAD).user
    member = Membership.objects.exclude(user__in=Participation.objects.values("user")).first()
    commissioner = User.objects.get(role=Role.COMMISSIONER)

    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        second_step_record(client, user)
        return client

    assert member is not None and consultation.forum is not None
    pages = [
        (lead, reverse("consultations:results", args=[consultation.pk])),
        (member.user, reverse("consultations:answer_start", args=[consultation.pk])),
        (member.user, reverse("forums:detail", args=[consultation.forum.slug])),
        (member.user, reverse("peer_network:list")),
        (commissioner, reverse("dashboards:overview")),
    ]
    for user, url in pages:
        response = signed_in(user).get(url)
        assert response.status_code == 200, url


def test_seed_scale_refuses_a_database_that_has_scale_data() -> None:
    call_command("seed_scale", scale=SCALE)
    with pytest.raises(Exception, match="already holds scale data"):
        call_command("seed_scale", scale=SCALE)
