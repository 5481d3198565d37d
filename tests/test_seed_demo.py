from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User
from forums.models import (
    CouncilArea,
    EngagementEntry,
    Forum,
    Membership,
    MembershipRole,
    MembershipStatus,
    NewsPost,
    Region,
    RepresentativeRole,
)
from tests.accounts.factories import has_totp

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "parent@example.org",
    "lead@example.org",
    "practitioner@example.org",
    "commissioner@example.org",
    "school@example.org",
    "admin@example.org",
}


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (User, Forum, Membership, NewsPost, RepresentativeRole, EngagementEntry)
    )


def test_seed_demo_creates_the_region_its_forums_and_one_account_per_role(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")  # a second run changes nothing
    assert _counts() == first

    assert Region.objects.get().name == "North East"
    assert CouncilArea.objects.count() == 12
    assert Forum.objects.filter(region__name="North East").count() == 12
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    assert set(users) == DEMO_EMAILS
    assert all(u.check_password("coproduce-demo") for u in users.values())
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()
    assert users["commissioner@example.org"].is_commissioner
    assert users["practitioner@example.org"].is_practitioner
    assert users["admin@example.org"].is_staff
    assert has_totp(users["commissioner@example.org"])
    assert has_totp(users["admin@example.org"])
    assert not has_totp(users["parent@example.org"])
    assert "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in capsys.readouterr().out


def test_every_forum_has_a_lead_members_news_representatives_and_engagement() -> None:
    call_command("seed_demo")
    for forum in Forum.objects.all():
        memberships = Membership.objects.filter(forum=forum)
        roles = set(memberships.active().values_list("role", flat=True))
        assert roles >= {MembershipRole.LEAD, MembershipRole.MEMBER, MembershipRole.REPRESENTATIVE}
        assert memberships.filter(status=MembershipStatus.PENDING).exists()
        assert NewsPost.objects.filter(forum=forum, visibility="public").exists()
        assert NewsPost.objects.filter(forum=forum, visibility="members").exists()
        assert RepresentativeRole.objects.filter(forum=forum).exists()
        assert EngagementEntry.objects.filter(forum=forum).count() >= 3

    gateshead = Forum.objects.get(council_areas__name="Gateshead")
    lead = Membership.objects.get(forum=gateshead, user__email="lead@example.org")
    assert lead.is_lead
    parent = Membership.objects.get(forum=gateshead, user__email="parent@example.org")
    assert parent.is_active and parent.role == MembershipRole.MEMBER


def test_gateshead_has_an_open_and_a_published_consultation() -> None:
    from consultations.models import Consultation

    call_command("seed_demo")
    call_command("seed_demo")
    gateshead = Consultation.objects.filter(forum__council_areas__name="Gateshead")
    assert sorted(c.status for c in gateshead) == ["open", "published"]
    closed = gateshead.get(results_published_at__isnull=False)
    assert closed.responses.submitted().count() == 320
    # Three actions of its own, and one agreed on a matter Gateshead raised (tests below).
    assert closed.themes.count() == 5 and closed.actions.count() == 4
    assert gateshead.get(results_published_at__isnull=True).sections.count() == 4


def test_the_peer_network_has_sessions_at_every_stage() -> None:
    from peer_network.models import Booking, Session

    call_command("seed_demo")
    call_command("seed_demo")
    assert Session.objects.count() == 6
    booked = Booking.objects.filter(user__email="practitioner@example.org", status="confirmed")
    assert [b.session.title for b in booked if not b.session.has_ended] == [
        "How integrated care boards plan services"
    ]
    assert Booking.objects.filter(status="waiting").count() == 2
    family = Session.objects.filter(kind="family")
    assert family.values("forum").distinct().count() == 2
    past = Session.objects.get(status="completed")
    assert past.bookings.filter(attended=True).exists()
    assert Booking.objects.filter(session=past, feedback__isnull=False).count() == 5


def test_gateshead_has_raised_six_matters_at_every_stage() -> None:
    from raised.clock import holidays, matter_clock
    from raised.models import Matter

    call_command("seed_demo")
    call_command("seed_demo")
    matters = list(Matter.objects.select_related("partner"))
    assert len(matters) == 6
    assert len({m.partner_id for m in matters}) == 3
    assert {m.status for m in matters} == {
        "raised",
        "acknowledged",
        "responded",
        "action_agreed",
        "resolved",
        "closed",
    }
    overdue = [m for m in matters if matter_clock(m, holidays()).overdue]
    assert len(overdue) == 1 and overdue[0].flagged_partner_at is not None
    assert sum(m.action_id is not None for m in matters) == 1


def test_the_library_has_links_documents_and_two_learning_paths() -> None:
    from library.models import LearningPath, PathStep, Resource, ResourceKind

    call_command("seed_demo")
    first = (Resource.objects.count(), PathStep.objects.count())
    call_command("seed_demo")  # a second run adds nothing
    assert (Resource.objects.count(), PathStep.objects.count()) == first

    assert Resource.objects.filter(kind=ResourceKind.LINK).count() >= 6
    documents = Resource.objects.exclude(kind=ResourceKind.LINK)
    assert {d.kind for d in documents} == {ResourceKind.PDF, ResourceKind.DOCX}
    for document in documents:
        with document.document.open("rb") as stored:
            assert stored.read(4) in (b"%PDF", b"PK\x03\x04")
    paths = {p.title: p for p in LearningPath.objects.all()}
    assert set(paths) == {
        "How the NHS and the council plan services",
        "Working with a Parent Carer Forum",
    }
    assert paths["How the NHS and the council plan services"].audience == "representatives"
    assert paths["Working with a Parent Carer Forum"].audience == "practitioners"
    assert all(p.steps.count() >= 4 for p in paths.values())
