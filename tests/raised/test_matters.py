"""Raising matters, the thread, each step, "You said, we did", and flagging overdue matters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import User
from consultations import services as consultation_services
from consultations.models import Action
from forums.models import Forum, MembershipRole
from raised import services
from raised.clock import figures, holidays, matter_clock
from raised.models import Matter, MatterUpdate
from tests.accounts.factories import UserFactory
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory
from tests.raised.factories import days_ago, forum_area, partner_for, raise_matter
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_a_lead_raises_a_matter_and_the_partners_contact_is_emailed(
    gateshead: tuple[Forum, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead)
    with django_capture_on_commit_callbacks(execute=True):
        matter = raise_matter(forum, lead, partner, title="No short break places")
    (email,) = mail.outbox
    assert email.to == [partner.contact.email]
    assert "No short break places" in email.body
    assert f"/raised/{matter.pk}/" in email.body
    assert matter.status == "raised"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("families_since", date.today() + timedelta(days=3), "must be today or in the past"),  # noqa: DTZ011
        ("families", 0, "Enter how many families have raised it"),
    ],
)
def test_bad_details_are_refused(
    gateshead: tuple[Forum, User], field: str, value: Any, message: str
) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead)
    with pytest.raises(ValidationError, match=message):
        raise_matter(forum, lead, partner, **{field: value})
    assert not Matter.objects.exists()


def test_a_partner_of_another_forum_cannot_be_used(
    gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    forum, lead = gateshead
    theirs = partner_for(sunderland[0], sunderland[1])
    with pytest.raises(ValidationError, match="Select a partner from the list"):
        raise_matter(forum, lead, theirs)


def test_only_leads_and_steering_group_raise(gateshead: tuple[Forum, User]) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead)
    member = MembershipFactory.create(forum=forum).user
    steering = MembershipFactory.create(forum=forum, role=MembershipRole.STEERING_GROUP).user
    with pytest.raises(PermissionDenied):
        raise_matter(forum, member, partner)
    assert raise_matter(forum, steering, partner).raised_by == steering


def test_the_story_of_a_matter_to_you_said_we_did(gateshead: tuple[Forum, User]) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead)
    theme = consultation_services.theme_create(
        consultation=consultation, edited_by=lead, name="Waits"
    )
    partner = partner_for(forum, lead)
    contact = partner.contact
    matter = raise_matter(forum, lead, partner, themes=(theme,))
    with pytest.raises(PermissionDenied):
        services.matter_step(matter=matter, by=lead, step="respond", body="Not ours to say")
    matter = services.matter_step(matter=matter, by=contact, step="acknowledge")
    assert matter.first_response_at is not None
    first = matter.first_response_at
    matter = services.matter_step(matter=matter, by=contact, step="respond", body="We will look.")
    assert matter.first_response_at == first  # the first response is the first, not the latest
    # The same step twice (a double submit) is refused with a message and changes nothing.
    with pytest.raises(ValidationError, match="already responded"):
        services.matter_step(matter=matter, by=contact, step="respond", body="Again")
    matter = services.matter_step(
        matter=matter,
        by=lead,
        step="agree",
        body="A second contractor from April.",
        action_title="Second contractor",
        add_to_you_said_we_did=True,
    )
    action = Action.objects.get()
    assert matter.action == action
    assert (action.consultation, action.title, action.owner_name) == (
        consultation,
        "Second contractor",
        partner.name,
    )
    assert list(action.themes.all()) == [theme]
    assert action.evidence_url.endswith(f"/raised/{matter.pk}/")
    matter = services.matter_step(matter=matter, by=lead, step="resolve")
    assert matter.status == "resolved" and matter.ended_at is not None
    assert [u.status for u in MatterUpdate.objects.filter(matter=matter)] == [
        "acknowledged",
        "responded",
        "action_agreed",
        "resolved",
    ]


def test_an_empty_update_or_close_reason_is_refused(gateshead: tuple[Forum, User]) -> None:
    forum, lead = gateshead
    matter = raise_matter(forum, lead, partner_for(forum, lead))
    with pytest.raises(ValidationError, match="Enter your update"):
        services.matter_update_post(matter=matter, author=lead, body="   ")
    with pytest.raises(ValidationError, match="Enter what you want to say"):
        services.matter_step(matter=matter, by=lead, step="close", body="")
    assert not MatterUpdate.objects.exists()


def test_overdue_matters_are_flagged_to_the_partner_then_to_commissioners_once(
    gateshead: tuple[Forum, User],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    commissioner = UserFactory.create(commissioner=True)
    icb = partner_for(forum, lead, name="ICB", contact=commissioner)
    council = partner_for(forum, lead, name="Council", days=20)
    # 20 working days agreed: raised 29 working days ago is 9 days overdue.
    start = timezone.now() - timedelta(days=41)
    late = raise_matter(forum, lead, council, raised_at=start)
    on_time = raise_matter(forum, lead, council, title="Recent", raised_at=days_ago(3))
    answered = raise_matter(forum, lead, icb, title="Answered", raised_at=start)
    services.matter_step(matter=answered, by=commissioner, step="acknowledge")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_matters_flag() == (1, 0)
    assert [m.to for m in mail.outbox] == [[council.contact.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_matters_flag() == (0, 1)
    assert mail.outbox[-1].to == [commissioner.email]
    assert "Overdue in" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_matters_flag() == (0, 0)
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.flagged_partner_at and late.flagged_commissioners_at
    assert on_time.flagged_partner_at is None


def test_figures_match_values_worked_out_by_hand(gateshead: tuple[Forum, User]) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead, days=5)
    contact = partner.contact
    # Raised Monday 2 November 2026; answered Wednesday 4th (2 days), Monday 9th (5 days)
    # and Wednesday 18th (12 days); one still waiting on Monday 30 November (20 days > 5).
    monday = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Europe/London"))
    answers = [timedelta(days=2), timedelta(days=7), timedelta(days=16)]
    matters = [
        raise_matter(forum, lead, partner, title=f"M{n}", raised_at=monday) for n in range(4)
    ]
    for matter, after in zip(matters, answers, strict=False):
        Matter.objects.filter(pk=matter.pk).update(
            first_response_at=monday + after, status="responded"
        )
    rows = list(Matter.objects.select_related("partner"))
    now = datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Europe/London"))
    result = figures(rows, holidays(), now)
    assert (result.open, result.overdue, result.median_days_to_first_response) == (4, 1, 5)
    waiting = next(m for m in rows if m.first_response_at is None)
    clock = matter_clock(waiting, holidays(), now)
    assert (clock.days_waiting, clock.overdue_days, clock.respond_by) == (20, 15, date(2026, 11, 9))
    assert contact


def test_the_matter_page_takes_steps_and_updates_with_messages(
    make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead)
    matter = raise_matter(forum, lead, partner)
    contact_client = make_client(partner.contact)
    url = reverse("raised:detail", args=[matter.pk])
    assert "Acknowledge" in contact_client.get(url).content.decode()
    response = contact_client.post(
        reverse("raised:step", args=[matter.pk]), {"step": "respond", "body": ""}
    )
    assert response.status_code == 200
    assert "Enter what you want to say" in response.content.decode()
    response = contact_client.post(reverse("raised:step", args=[matter.pk]), {"step": "teleport"})
    assert "Choose what to do from the page" in response.content.decode()
    response = contact_client.post(
        reverse("raised:step", args=[matter.pk]), {"step": "respond", "body": "On it."}, follow=True
    )
    assert "Your response is sent to the forum." in response.content.decode()
    response = make_client(lead).post(reverse("raised:update", args=[matter.pk]), {"body": ""})
    assert "Enter your update" in response.content.decode()
    assert MatterUpdate.objects.count() == 1


def test_the_form_refuses_a_tampered_partner_and_a_future_date(
    make_client: MakeClient, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    forum, lead = gateshead
    ours = partner_for(forum, lead)
    theirs = partner_for(sunderland[0], sunderland[1], name="Theirs")
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "title": "Waits",
        "description": "Long waits.",
        "area_of_life": "health",
        "council_area": str(forum_area(forum).pk),
        "families": "7",
        "families_since_0": str(tomorrow.day),
        "families_since_1": str(tomorrow.month),
        "families_since_2": str(tomorrow.year),
        "partner": str(theirs.pk),
        "visibility": "partners",
    }
    client = make_client(lead)
    response = client.post(reverse("raised:new", args=[forum.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a partner from the list" in page
    assert 'value="Waits"' in page
    response = client.post(
        reverse("raised:new", args=[forum.slug]), {**data, "partner": str(ours.pk)}
    )
    assert "must be today or in the past" in response.content.decode()
    assert not Matter.objects.exists()


def test_the_overdue_check_is_scheduled_and_registered_with_the_worker() -> None:
    from django_celery_beat.models import PeriodicTask

    from coproduce.celery import app

    task = PeriodicTask.objects.get(name="Flag overdue raised matters")
    assert task.enabled and task.interval is not None and task.interval.period == "hours"
    app.loader.import_default_modules()
    assert task.task in app.tasks
