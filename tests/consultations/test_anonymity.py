"""What is kept when someone sends answers to an anonymous consultation, read straight from the
database, and how they change their answers afterwards."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations.models import Answer, Consultation, QuestionKind, Response
from consultations.services.answering import change_code_hash, change_code_matches, normalise_code
from tests.consultations.helpers import answer_all, page_two, q, sent_codes
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db

RANDOM_COLUMNS = {
    "consultations_response": {"id", "reference", "change_code_hash"},
    "consultations_answer": {"id", "response_id"},
    "consultations_answerchoice": {"id", "answer_id"},
}


def _table(name: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 (fixed table names)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _masked(table: str, row: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((k, str(v)) for k, v in row.items() if k not in RANDOM_COLUMNS[table]))


def _shape(response_id: int) -> tuple[object, ...]:
    """Everything stored for one response, with its random values left out."""
    (response,) = [r for r in _table("consultations_response") if r["id"] == response_id]
    answers = [a for a in _table("consultations_answer") if a["response_id"] == response_id]
    answer_ids = {a["id"] for a in answers}
    choices = [c for c in _table("consultations_answerchoice") if c["answer_id"] in answer_ids]
    return (
        _masked("consultations_response", response),
        sorted(_masked("consultations_answer", a) for a in answers),
        sorted(_masked("consultations_answerchoice", c) for c in choices),
    )


def test_sent_anonymous_answers_carry_nothing_that_says_whose_they_are(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    forum, _ = gateshead
    first, second = (
        MembershipFactory.create(forum=forum).user,
        MembershipFactory.create(forum=forum).user,
    )
    # The first person sends, then the second, with the same answers.
    first_sent = sent_codes(answer_all(make_client(first), consultation))
    second_sent = sent_codes(answer_all(make_client(second), consultation))

    responses = _table("consultations_response")
    assert len(responses) == 2
    for row in responses:
        assert row["respondent_id"] is None and row["replaces_id"] is None
        assert row["draft_key"] == "" and "anonymous_key" not in row
    # The same day, cut to midnight, for both: no time of day says who sent first.
    midnight = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for row in responses:
        for column in ("started_at", "updated_at", "submitted_at"):
            value = row[column]
            if isinstance(value, str):  # SQLite hands back text
                value = datetime.fromisoformat(value)
            assert value.replace(tzinfo=UTC) == midnight.replace(tzinfo=UTC), column
    # Apart from random values, the two responses are stored identically, so the rows cannot
    # say which one is the first person's.
    a, b = (r["id"] for r in responses)
    assert _shape(a) == _shape(b)
    # Ids are random, not counted up: far apart, and no smaller for the first sender.
    assert abs(a - b) > 10**6
    if connection.vendor == "sqlite":
        # SQLite keeps a table in the order of its integer key: here, the random id.
        assert [r["id"] for r in responses] == sorted(r["id"] for r in responses)
        answers = _table("consultations_answer")
        assert [r["id"] for r in answers] == sorted(r["id"] for r in answers)

    # Taking part is recorded apart from the answers, with nothing to match them by.
    participations = _table("consultations_participation")
    assert {p["user_id"] for p in participations} == {first.pk, second.pk}
    assert set(participations[0]) == {"id", "consultation_id", "user_id"}
    response_values = {str(v) for r in responses for v in r.values()}
    assert not {str(p["id"]) for p in participations} & response_values

    # Neither the sessions nor any table hold the references or change codes in the clear.
    everything = str(
        [
            _table(name)
            for name in (
                "consultations_response",
                "consultations_answer",
                "consultations_answerchoice",
                "consultations_participation",
            )
        ]
    )
    sessions = [SessionStore().decode(s["session_data"]) for s in _table("django_session")]
    for reference, code in (first_sent, second_sent):
        assert code not in everything and code.replace("-", "") not in everything
        assert reference not in str(sessions) and code not in str(sessions)
    for session in sessions:
        assert not {str(v) for v in session.values()} & {str(a), str(b)}


def test_rotating_the_secret_key_does_not_let_anyone_answer_twice(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    answer_all(make_client(member), consultation)
    with override_settings(SECRET_KEY="a-completely-different-secret-key-0123456789-abcdefghij"):
        client = make_client(member)
        start = client.get(reverse("consultations:answer_start", args=[consultation.pk]))
        assert "You have already sent your answers" in start.content.decode()
        response = client.post(reverse("consultations:answer_start", args=[consultation.pk]))
        assert response["Location"] == reverse(
            "consultations:answer_change", args=[consultation.pk]
        )
        answer_all(client, consultation, text="A second go")
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(text="A second go").exists()


def test_the_answering_pages_say_what_is_linked_and_when(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    start = client.get(reverse("consultations:answer_start", args=[consultation.pk]))
    text = " ".join(start.content.decode().split())
    assert "While you are answering, your answers are linked to your account" in text
    assert "When you send them, that link is removed" in text
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    page = client.get(reverse("consultations:answer_section", args=[consultation.pk, 1]))
    assert "your answers are linked to your account" in page.content.decode()


def test_the_change_code_lets_the_person_change_their_answers(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    sent = answer_all(make_client(member), consultation, text="First thoughts")
    reference, code = sent_codes(sent)
    page = " ".join(sent.content.decode().split())
    assert "This is the only time we show it" in page
    assert "no-store" in sent["Cache-Control"]

    # Another device, later: the person proves it is them with the code.
    client = make_client(member)
    change_url = reverse("consultations:answer_change", args=[consultation.pk])
    wrong = client.post(change_url, {"reference": reference, "change_code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200
    assert "The reference or change code is not right" in wrong.content.decode()
    right = client.post(change_url, {"reference": reference.lower(), "change_code": code})
    assert right["Location"] == reverse("consultations:answer_check", args=[consultation.pk])
    check = client.get(right["Location"]).content.decode()
    assert "First thoughts" in check and "You are changing the answers you sent" in check
    client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 2]),
        page_two(consultation, "Second thoughts"),
    )
    # Until they are sent again, the sent answers stay as they were.
    assert Answer.objects.filter(
        response__submitted_at__isnull=False, text="First thoughts"
    ).exists()
    again = client.post(
        reverse("consultations:answer_check", args=[consultation.pk]), {"quote_consent": "no"}
    )
    assert "Your changes have been sent" in again.content.decode()
    sent_response = Response.objects.get()
    assert sent_response.reference == reference and not sent_response.quote_consent
    assert (
        Answer.objects.get(question=q(consultation, QuestionKind.LONG_TEXT)).text
        == "Second thoughts"
    )
    # The session no longer points at the answers.
    assert not any(
        str(sent_response.pk) in str(SessionStore().decode(s["session_data"]))
        for s in _table("django_session")
    )


def test_the_change_code_is_kept_only_as_a_salted_hash_and_old_hashes_still_work() -> None:
    code = "ABCD-EFGH-JKLM"
    first, second = change_code_hash(code), change_code_hash(code)
    assert first.startswith("sha256$") and first != second  # salted
    field = Response._meta.get_field("change_code_hash")
    assert "ABCD" not in first and len(first) <= (field.max_length or 0)
    assert change_code_matches("abcd efgh jklm", first)
    assert not change_code_matches("ABCD-EFGH-JKLN", first)
    # A code kept with the password hasher before still lets its person in.
    legacy = make_password(normalise_code(code))
    assert change_code_matches(code, legacy) and not change_code_matches("ABCD-EFGH-JKLN", legacy)


def test_wrong_change_codes_are_limited(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    reference, code = sent_codes(answer_all(make_client(member), consultation))
    client = make_client(member)
    change_url = reverse("consultations:answer_change", args=[consultation.pk])
    for _ in range(5):
        client.post(change_url, {"reference": reference, "change_code": "AAAA-BBBB-CCCC"})
    locked = client.post(change_url, {"reference": reference, "change_code": code})
    assert "entered wrongly too many times" in locked.content.decode()
    assert "Location" not in locked


def test_the_builder_and_privacy_notice_say_exactly_what_is_kept(
    make_client: MakeClient, gateshead: ForumLead, consultation: Consultation
) -> None:
    forum, lead = gateshead
    page = make_client(lead).get(reverse("consultations:new", args=[forum.slug]))
    assert "even by you" not in page.content.decode()
    privacy = " ".join(make_client(None).get(reverse("privacy")).content.decode().split())
    assert "When you send answers to an anonymous consultation" in privacy
    assert "change code" in privacy


def test_named_consultations_still_keep_the_person(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    from tests.consultations.factories import make_consultation

    consultation = make_consultation(*gateshead, identity_mode="named")
    response = answer_all(make_client(member), consultation)
    assert response["Location"] == reverse("consultations:answer_done", args=[consultation.pk])
    stored = Response.objects.get()
    assert stored.respondent == member and stored.change_code_hash == ""
    assert re.match(r"CP-", stored.reference)
