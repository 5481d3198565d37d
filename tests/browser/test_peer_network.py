"""Booking a Peer Network session in Chromium, with axe-core on every page at each width: a
practitioner finds a session, books, downloads the calendar file and sees the joining link;
another person takes the last place; a third joins the waiting list and is given the place
when somebody cancels, by an email really sent to an SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from icalendar import Calendar

from peer_network.models import Booking, Topic
from tests.accounts.factories import UserFactory
from tests.browser.visitor import Visitor
from tests.conftest import SmtpInbox
from tests.peer_network.factories import SessionFactory
from tests.types import NewVisitor, SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]

LINK = "https://meet.example.org/transforming-care"


def _book(visitor: Visitor, title: str, button: str) -> None:
    page = visitor.page
    visitor.goto("/peer-network/")
    page.get_by_role("link", name=title).click()
    page.wait_for_url("**/peer-network/sessions/*/")
    visitor.check("session")
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/peer-network/sessions/*/")


def test_booking_the_last_place_and_being_promoted_from_the_waiting_list(
    visitor: Visitor,
    new_visitor: NewVisitor,
    sign_in_as: SignInAs,
    smtp_server: SmtpInbox,
    tmp_path: Path,
) -> None:
    host = UserFactory.create(full_name="Hana Host", practitioner=True)
    SessionFactory.create(title="Autism and sleep", hosts=[host])
    session = SessionFactory.create(
        title="Transforming Care explained", capacity=2, joining_link=LINK, hosts=[host]
    )
    health, _ = Topic.objects.get_or_create(
        slug="health", defaults={"name": "Health services and the NHS"}
    )
    session.topics.add(health)
    practitioner = UserFactory.create(full_name="Pat Practitioner", practitioner=True)
    other = UserFactory.create(full_name="Olu Other")
    third = UserFactory.create(full_name="Tess Third")
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": smtp_server.port,
        "EMAIL_USE_TLS": False,
    }
    with override_settings(**smtp):
        # The practitioner finds the session by its topic and books with an access need.
        sign_in_as(practitioner)
        page = visitor.page
        visitor.goto("/peer-network/")
        page.get_by_label("Topic").select_option(label="Health services and the NHS")
        page.get_by_role("button", name="Show sessions").click()
        page.wait_for_url("**/peer-network/?topic=health*")
        visitor.check("sessions-filtered")
        assert page.get_by_role("link", name="Autism and sleep").count() == 0
        page.get_by_role("link", name="Transforming Care explained").click()
        page.wait_for_url("**/peer-network/sessions/*/")
        assert LINK not in page.content()
        page.get_by_label("Is there anything you need to take part? (optional)").fill("Captions")
        page.get_by_role("button", name="Book a place").click()
        page.wait_for_url("**/peer-network/sessions/*/")
        visitor.check("booked")
        assert page.get_by_role("heading", name="You have a place").is_visible()
        assert page.get_by_role("link", name=LINK).is_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Add to your calendar (.ics file)").click()
        saved = tmp_path / "session.ics"
        download.value.save_as(saved)
        (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
        assert str(event["summary"]) == "Transforming Care explained"
        assert LINK in str(event["description"])

        # Another person takes the last place.
        other_visitor = new_visitor("other")
        sign_in_as(other, other_visitor)
        _book(other_visitor, "Transforming Care explained", "Book a place")
        other_visitor.check("booked-last-place")

        # A third person finds it full and joins the waiting list; no joining link for them.
        third_visitor = new_visitor("third")
        sign_in_as(third, third_visitor)
        _book(third_visitor, "Transforming Care explained", "Join the waiting list")
        third_visitor.check("waiting")
        third_page = third_visitor.page
        assert "you are on the waiting list" in third_page.content()
        assert LINK not in third_page.content()

        # The other person cancels; the place goes to the third, who is emailed.
        other_page = other_visitor.page
        other_page.get_by_role("link", name="Cancel your place").click()
        other_page.wait_for_url("**/cancel-place/")
        other_visitor.check("cancel-place")
        other_page.get_by_role("button", name="Cancel my place").click()
        other_page.wait_for_url("**/peer-network/sessions/*/")
        assert "Your place is cancelled." in other_page.content()

    promoted = [m for m in smtp_server.messages if m["To"] == third.email]
    assert [m["Subject"] for m in promoted] == [
        "[Coproduce] Waiting list: Transforming Care explained",
        "[Coproduce] A place is yours: Transforming Care explained",
    ]
    attachments = [part.get_filename() for part in promoted[1].iter_attachments()]
    assert attachments == [f"session-{session.pk}.ics"]
    assert Booking.objects.get(user=third).status == "confirmed"
    third_visitor.goto(f"/peer-network/sessions/{session.pk}/")
    assert third_page.get_by_role("heading", name="You have a place").is_visible()
    assert third_page.get_by_role("link", name=LINK).is_visible()


def test_a_forum_lead_plans_a_family_group_takes_attendance_and_reads_feedback(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.forums.factories import MembershipFactory, forum_with_lead
    from tests.peer_network.factories import past_booking, past_session

    forum, lead = forum_with_lead("Gateshead")
    member = MembershipFactory.create(forum=forum).user
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/manage/sessions/")
    page.get_by_role("button", name="Plan a session").click()
    page.wait_for_url("**/manage/sessions/new/")
    visitor.check("plan-session")
    # Sent empty first: every problem is listed, and nothing is lost.
    page.get_by_label("Title").fill("Coffee and chat")
    page.get_by_role("button", name="Open for booking").click()
    visitor.check("plan-session-errors")
    assert page.get_by_role("link", name="Enter the date").is_visible()
    assert page.get_by_label("Title").input_value() == "Coffee and chat"
    page.get_by_label("What the session is about").fill("Meet other parent carers.")
    page.get_by_label("Family group, for parent carers only").check()
    day = timezone.localdate() + timedelta(days=12)
    page.locator("#id_day_0").fill(str(day.day))
    page.locator("#id_day_1").fill(str(day.month))
    page.locator("#id_day_2").fill(str(day.year))
    page.get_by_label("Starts at").fill("10am")
    page.get_by_label("Ends at").fill("11:30am")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Venue", exact=True).fill("Low Fell Community Centre")
    page.get_by_label(f"Members of {forum.name}").check()
    page.get_by_label("One number of places for everyone").check()
    page.get_by_label("Number of places", exact=True).fill("12")
    page.get_by_role("button", name="Open for booking").click()
    page.wait_for_url("**/peer-network/sessions/*/manage/")
    visitor.check("host-summary")
    assert "Nobody has booked yet." in page.content()

    # The member sees the family group; after an earlier session they give feedback.
    earlier = past_session(title="Last month's coffee morning", hosts=[lead], forum=forum)
    booking = past_booking(earlier, member)
    member_visitor = new_visitor("member")
    sign_in_as(member, member_visitor)
    member_visitor.goto("/peer-network/")
    assert member_visitor.page.get_by_role("link", name="Coffee and chat").is_visible()

    visitor.goto(f"/peer-network/sessions/{earlier.pk}/manage/attendance/")
    page.get_by_label(member.get_full_name()).check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url(f"**/peer-network/sessions/{earlier.pk}/manage/")
    assert "Attendance saved: 1 of 1 came." in page.content()

    member_page = member_visitor.page
    member_visitor.goto("/peer-network/yours/")
    member_page.get_by_role("link", name="Give feedback on Last month's coffee morning").click()
    member_visitor.check("feedback")
    member_page.get_by_label("4").check()
    member_page.get_by_label("One thing I will do differently").fill("Ask for help sooner.")
    member_page.get_by_role("button", name="Send feedback").click()
    member_page.wait_for_url("**/peer-network/yours/")
    member_visitor.check("feedback-given")

    visitor.goto(f"/peer-network/sessions/{earlier.pk}/manage/")
    assert "Ask for help sooner." in page.content()
    assert "Average rating: 4.0 out of 5" in page.inner_text("main")
    booking.refresh_from_db()
    assert booking.attended is True

    member_visitor.goto("/peer-network/directory/your-entry/")
    member_page.get_by_label("What you can help others with (optional)").fill("Sleep")
    member_page.get_by_role("button", name="Add me to the directory").click()
    member_page.wait_for_url("**/peer-network/directory/")
    member_visitor.check("directory")
    listing = member_page.locator("main").inner_html()
    assert member.get_full_name() in listing
    assert member.email not in listing
