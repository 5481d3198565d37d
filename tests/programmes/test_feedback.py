"""The young people's feedback form: an anonymous open-link consultation made from a group
meeting, answered on a shared device without signing in, taking answers only while the meeting
is on, with results reaching the lead as counts.

Time is controlled with ``clock``: ``django.utils.timezone.now`` is set to a chosen moment, so
the form's window is tested at its edges without waiting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from consultations.models import (
    Answer,
    Audience,
    Choice,
    Consultation,
    IdentityMode,
    Question,
    Response,
)
from programmes import feedback, selectors, services
from programmes.models import Cohort, GroupMeeting
from tests.programmes.factories import contact_make, group_make
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

Clock = Callable[[datetime], None]

# A day in summer, so London time is an hour ahead of UTC and the window must follow London.
DAY = date(2026, 6, 17)


def _london(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """Set the time everything in the service reads (``timezone.now`` and the London date)."""
    moment = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])

    def _set(to: datetime) -> None:
        moment["now"] = to

    yield _set


def _meeting(group: Cohort, lead: User, held_on: date) -> GroupMeeting:
    area = group.council_areas.first()
    assert area is not None
    return services.group_meeting_record(
        cohort=group,
        recorded_by=lead,
        held_on=held_on,
        place="Gateshead Youth Hub",
        council_area=area,
        counts={"11_13": 4, "14_16": 3},
        theme_ids=[],
    )


def _form_for_meeting_4_to_5pm(clock: Clock) -> tuple[User, GroupMeeting, Consultation]:
    clock(_london(DAY, time(15, 0)))
    lead = contact_make()
    group = group_make(leads=[lead])
    meeting = _meeting(group, lead, DAY)
    form = services.feedback_form_create(
        meeting=meeting, created_by=lead, starts=time(16, 0), ends=time(17, 0)
    )
    return lead, meeting, form


def _answers(form: Consultation, picks: tuple[int, int, int], key: str) -> dict[str, object]:
    """The POST of one young person: the option at each position, for each question."""
    data: dict[str, object] = {"form_key": key}
    questions = Question.objects.filter(section__consultation=form).order_by("position")
    for question, pick in zip(questions, picks, strict=True):
        data[f"q{question.pk}"] = str(list(question.choices.all())[pick].pk)
    return data


def _url(form: Consultation) -> str:
    return reverse("programmes:feedback_form", args=[form.open_link_token])


def _fresh_key(client: Client, form: Consultation) -> str:
    page = client.get(_url(form)).content.decode()
    found = re.search(r'name="form_key" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_lead_makes_an_anonymous_open_link_form_for_the_meetings_time(clock: Clock) -> None:
    lead, meeting, form = _form_for_meeting_4_to_5pm(clock)
    assert form.audience == Audience.OPEN_LINK
    assert form.identity_mode == IdentityMode.ANONYMOUS
    assert form.launched_at is not None and form.open_link_token
    # Owned by the meeting's region, so no forum's page lists it.
    assert form.forum is None and form.region == meeting.council_area.region
    # 4pm to 5pm in London on a summer day is 3pm to 4pm UTC.
    form.refresh_from_db()
    assert (form.opens_at.astimezone(UTC).hour, form.closes_at.astimezone(UTC).hour) == (15, 16)
    assert timezone.localtime(form.opens_at).time() == time(16, 0)
    questions = list(Question.objects.filter(section__consultation=form).order_by("position"))
    assert [q.text for q in questions] == [q.text for q in feedback.QUESTIONS]
    assert [[c.text for c in q.choices.all()] for q in questions] == [
        [o.text for o in q.options] for q in feedback.QUESTIONS
    ]
    assert all(q.required and not q.is_text for q in questions)
    meeting.refresh_from_db()
    assert meeting.feedback_form == form
    # Asking again (a second press) gives the same form back.
    again = services.feedback_form_create(
        meeting=meeting, created_by=lead, starts=time(16, 0), ends=time(18, 0)
    )
    assert again == form and Consultation.objects.count() == 1


def test_only_the_groups_leads_make_a_form_and_the_times_must_make_sense(clock: Clock) -> None:
    clock(_london(DAY, time(15, 0)))
    lead = contact_make()
    meeting = _meeting(group_make(leads=[lead]), lead, DAY)
    with pytest.raises(PermissionDenied):
        services.feedback_form_create(
            meeting=meeting, created_by=contact_make(), starts=time(16, 0), ends=time(17, 0)
        )
    with pytest.raises(ValidationError, match="end time must be after the start time"):
        services.feedback_form_create(
            meeting=meeting, created_by=lead, starts=time(17, 0), ends=time(16, 0)
        )
    with pytest.raises(ValidationError, match="end time has passed"):
        services.feedback_form_create(
            meeting=meeting, created_by=lead, starts=time(13, 0), ends=time(14, 0)
        )
    # A meeting recorded on an earlier day: its time is over.
    earlier = _meeting(meeting.cohort, lead, DAY - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.feedback_form_create(
            meeting=earlier, created_by=lead, starts=time(16, 0), ends=time(17, 0)
        )
    assert not Consultation.objects.exists()


def test_the_link_takes_answers_only_while_the_meeting_is_on(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    device = Client()

    # Before: a plain page that says when it opens; a send is refused and nothing is kept.
    clock(_london(DAY, time(15, 59)))
    before = device.get(_url(form))
    assert before.status_code == 200
    assert "This form is not open yet" in before.content.decode()
    assert "It opens at 4pm." in before.content.decode()
    refused = device.post(_url(form), _answers(form, (0, 0, 0), "k" * 24))
    assert refused.status_code == 400 and "not open yet" in refused.content.decode()
    assert not Response.objects.exists()

    # During: the form, and a send is counted.
    clock(_london(DAY, time(16, 0)))
    page = device.get(_url(form)).content.decode()
    assert "How did you feel in the group today?" in page
    sent = device.post(_url(form), _answers(form, (0, 1, 2), _fresh_key(device, form)))
    assert sent.status_code == 302
    assert sent["Location"] == reverse("programmes:feedback_sent", args=[form.open_link_token])
    assert Response.objects.submitted().filter(consultation=form).count() == 1

    # After: closed, plainly; a form left open on the device is refused, nothing is kept.
    clock(_london(DAY, time(16, 59)))
    left_open = _answers(form, (1, 1, 1), _fresh_key(device, form))
    clock(_london(DAY, time(17, 0)))
    after = device.get(_url(form))
    assert after.status_code == 200 and "This form is closed" in after.content.decode()
    late = device.post(_url(form), left_open)
    assert late.status_code == 400 and "This form is closed" in late.content.decode()
    assert Response.objects.filter(consultation=form).count() == 1


def test_on_a_shared_device_each_young_person_gets_an_empty_form(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    first_key = _fresh_key(device, form)
    assert device.post(_url(form), _answers(form, (0, 0, 0), first_key)).status_code == 302
    thanks = device.get(reverse("programmes:feedback_sent", args=[form.open_link_token]))
    assert "Now give the device to the next person." in thanks.content.decode()

    # The next person: a new copy, nothing chosen, no draft or cookie carried over.
    page = device.get(_url(form)).content.decode()
    assert " checked" not in page
    second_key = _fresh_key(device, form)
    assert second_key != first_key
    assert not [name for name in device.cookies if name.startswith("cp_open_")]
    assert device.post(_url(form), _answers(form, (2, 2, 2), second_key)).status_code == 302

    assert Response.objects.submitted().filter(consultation=form).count() == 2
    assert not Response.objects.drafts().filter(consultation=form).exists()
    # Anonymous: no person, no draft key, and the day only.
    for response in Response.objects.filter(consultation=form):
        assert response.respondent_id is None and response.draft_key == ""
        assert response.submitted_at is not None
        assert (response.submitted_at.hour, response.submitted_at.minute) == (0, 0)


def test_pressing_send_twice_counts_once(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    data = _answers(form, (0, 0, 0), _fresh_key(device, form))
    assert device.post(_url(form), data).status_code == 302
    assert device.post(_url(form), data).status_code == 302
    assert Response.objects.filter(consultation=form).count() == 1


def test_a_missing_picture_is_asked_for_in_easy_read_and_the_others_are_kept(
    clock: Clock,
) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    data = _answers(form, (1, 0, 0), _fresh_key(device, form))
    second = Question.objects.get(section__consultation=form, position=2)
    del data[f"q{second.pk}"]
    response = device.post(_url(form), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a picture for if people listened to you." in page
    assert f'href="#id_q{second.pk}_1"' in page
    # The first and third answers stay chosen.
    assert page.count(" checked") == 2
    assert not Response.objects.exists()


def test_answers_that_are_not_on_the_form_never_give_an_error_page(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    data = _answers(form, (0, 0, 0), _fresh_key(device, form))
    first = Question.objects.get(section__consultation=form, position=1)
    # An option of another question, and nonsense.
    other_option = Choice.objects.filter(question__section__consultation=form).exclude(
        question=first
    )[0]
    for bad in (str(other_option.pk), "not a number", "999999999"):
        response = device.post(_url(form), {**data, f"q{first.pk}": bad})
        assert response.status_code == 400
        assert "Choose a face for how you felt today." in response.content.decode()
    # A form without its key (or with a made-up one) is shown again, not sent.
    no_key = device.post(_url(form), {**data, "form_key": "<script>"})
    assert no_key.status_code == 400
    assert "Please choose your pictures again" in no_key.content.decode()
    assert not Response.objects.exists()
    assert device.get(reverse("programmes:feedback_form", args=["not-a-token"])).status_code == 404


def test_only_a_meetings_form_is_found_by_the_feedback_link(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    GroupMeeting.objects.update(feedback_form=None)
    assert Client().get(_url(form)).status_code == 404


def test_every_picture_has_a_text_alternative_and_a_file() -> None:
    static = Path(settings.BASE_DIR) / "static"
    for question in feedback.QUESTIONS:
        assert len(question.options) == 3
        for option in question.options:
            assert option.picture.alt
            svg = (static / option.picture.path).read_text()
            assert svg.startswith("<svg") and "viewBox" in svg
    # Easy Read: short sentences, one idea each.
    for line in feedback.EASY_READ.splitlines():
        assert line.endswith(".") and len(line.split()) <= 8


def test_the_page_shows_each_picture_with_its_words(clock: Clock) -> None:
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    page = Client().get(_url(form)).content.decode()
    for question in feedback.QUESTIONS:
        for option in question.options:
            assert f'alt="{option.picture.alt}"' in page
            assert option.picture.file in page
    for line in feedback.EASY_READ.splitlines():
        assert line in page
    assert "Sign in" not in page.split('id="main-content"')[1]


def test_the_lead_sees_counts_of_each_picture(clock: Clock, make_client: MakeClient) -> None:
    lead, meeting, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    for n, picks in enumerate([(0, 0, 0), (0, 1, 0), (1, 0, 2)]):
        assert (
            device.post(_url(form), _answers(form, picks, f"young-person-{n:020d}")).status_code
            == 302
        )
    results = selectors.feedback_results(form)
    assert results.sent == 3
    assert [[(o.text, o.count) for o in q.options] for q in results.questions] == [
        [("Good", 2), ("OK", 1), ("Not good", 0)],
        [("Yes", 2), ("Sometimes", 1), ("No", 0)],
        [("Yes", 2), ("Maybe", 0), ("No", 1)],
    ]
    page = make_client(lead).get(reverse("programmes:group_meeting_feedback", args=[meeting.pk]))
    text = page.content.decode()
    assert "3 young people sent the form." in text
    assert form.open_link_token is not None and form.open_link_token in text
    # Another group's lead finds nothing.
    other = make_client(contact_make()).get(
        reverse("programmes:group_meeting_feedback", args=[meeting.pk])
    )
    assert other.status_code == 404
    # The answers are choices only: no free text is kept anywhere.
    assert not Answer.objects.filter(response__consultation=form).exclude(text="").exists()


def test_the_lead_makes_the_form_from_the_meeting_page(
    clock: Clock, make_client: MakeClient
) -> None:
    clock(_london(DAY, time(15, 0)))
    lead = contact_make()
    meeting = _meeting(group_make(leads=[lead]), lead, DAY)
    client = make_client(lead)
    url = reverse("programmes:group_meeting_feedback", args=[meeting.pk])
    bad = client.post(url, {"starts": "5pm", "ends": "half four"})
    assert bad.status_code == 200
    assert "Enter the end time like 14:30 or 2:30pm" in bad.content.decode()
    assert 'value="5pm"' in bad.content.decode()
    backwards = client.post(url, {"starts": "5pm", "ends": "4pm"})
    assert "The end time must be after the start time" in backwards.content.decode()
    assert not Consultation.objects.exists()
    made = client.post(url, {"starts": "4pm", "ends": "5:30pm"})
    assert made.status_code == 302
    assert client.post(url, {"starts": "4pm", "ends": "5:30pm"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.feedback_form is not None and Consultation.objects.count() == 1
    assert timezone.localtime(meeting.feedback_form.closes_at).time() == time(17, 30)


@pytest.mark.parametrize("sent", [2, 20])
def test_the_form_and_the_results_make_the_same_queries_however_many_answered(
    clock: Clock,
    make_client: MakeClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    sent: int,
) -> None:
    lead, meeting, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    for n in range(sent):
        device.post(_url(form), _answers(form, (n % 3, 0, 1), f"young-person-{n:020d}"))
    with django_assert_max_num_queries(3):
        device.get(_url(form))
    client = make_client(lead)
    url = reverse("programmes:group_meeting_feedback", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert f"{sent} young people sent the form." in page.content.decode()


def test_a_past_meetings_page_says_the_form_is_made_on_the_day(
    clock: Clock, make_client: MakeClient
) -> None:
    clock(_london(DAY, time(15, 0)))
    lead = contact_make()
    meeting = _meeting(group_make(leads=[lead]), lead, DAY - timedelta(days=2))
    client = make_client(lead)
    url = reverse("programmes:group_meeting_feedback", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "This meeting was on 15 June 2026" in page
    assert 'name="starts"' not in page
    refused = client.post(url, {"starts": "4pm", "ends": "5pm"})
    assert "That end time has passed" in refused.content.decode()
    assert not Consultation.objects.exists()


def test_a_flood_of_sends_from_one_address_is_stopped(
    clock: Clock, settings: SettingsWrapper
) -> None:
    settings.SERVICE_RATE_LIMITS = {"consultation_submit": {"address": "2/h"}}
    _, _, form = _form_for_meeting_4_to_5pm(clock)
    clock(_london(DAY, time(16, 30)))
    device = Client()
    for n in range(2):
        sent = device.post(_url(form), _answers(form, (0, 0, 0), f"young-person-{n:020d}"))
        assert sent.status_code == 302
    stopped = device.post(_url(form), _answers(form, (0, 0, 0), "young-person-" + "9" * 20))
    assert stopped.status_code == 429
    assert "A lot of consultation answers have been sent" in stopped.content.decode()
    assert Response.objects.filter(consultation=form).count() == 2
    # Another network address is not held back.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    other = elsewhere.post(_url(form), _answers(form, (1, 1, 1), "young-person-" + "8" * 20))
    assert other.status_code == 302
