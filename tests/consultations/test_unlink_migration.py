"""The migration that unlinks anonymous answers sent before sending removed the link, run on
data written the old way."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.models import Answer, Participation, QuestionKind, Response
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead

BEFORE = [("consultations", "0001_initial")]


def _old_key(consultation_id: int, identity: str) -> str:
    key = hashlib.sha256(f"{settings.SECRET_KEY}:consultation-respondent".encode()).digest()
    return hmac.new(key, f"{consultation_id}:{identity}".encode(), hashlib.sha256).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_old_anonymous_answers_are_unlinked_and_still_stop_a_second_go(
    gateshead: ForumLead,
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead)
    named = make_consultation(forum, lead, identity_mode="named")
    sender, drafter = (
        MembershipFactory.create(forum=forum).user,
        MembershipFactory.create(forum=forum).user,
    )
    long_text = consultation.sections.get(position=2).questions.get(kind=QuestionKind.LONG_TEXT)
    single = consultation.sections.get(position=1).questions.get(kind=QuestionKind.SINGLE)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldResponse = old.get_model("consultations", "Response")
    OldAnswer = old.get_model("consultations", "Answer")
    OldChoice = old.get_model("consultations", "AnswerChoice")
    OldTheme = old.get_model("consultations", "Theme")
    sent_at = datetime(2026, 3, 4, 15, 26, 53, tzinfo=UTC)

    # Models from the migration state are built at run time, so carry no types.
    def old_response(key: str, reference: str, **extra: object) -> Any:
        return OldResponse.objects.create(
            consultation_id=extra.pop("consultation_id", consultation.pk),
            anonymous_key=key,
            respondent_type="parent_carer",
            forum_id=forum.pk,
            reference=reference,
            started_at=sent_at,
            **extra,
        )

    sent = old_response(
        _old_key(consultation.pk, f"user:{sender.pk}"), "CP-SENT-0001", submitted_at=sent_at
    )
    text = OldAnswer.objects.create(response=sent, question_id=long_text.pk, text="Old words")
    OldAnswer.objects.get(pk=text.pk).themes.add(
        OldTheme.objects.create(consultation_id=consultation.pk, name="Waits")
    )
    picked = OldAnswer.objects.create(response=sent, question_id=single.pk)
    first_choice = single.choices.first()
    assert first_choice is not None
    OldChoice.objects.create(answer=picked, choice_id=first_choice.pk)
    draft = old_response(_old_key(consultation.pk, f"user:{drafter.pk}"), "CP-DRAF-0001")
    browser = old_response(
        _old_key(consultation.pk, "browser:some-token"), "CP-OPEN-0001", submitted_at=sent_at
    )
    kept = old_response(
        "",
        "CP-NAME-0001",
        consultation_id=named.pk,
        respondent_id=sender.pk,
        submitted_at=sent_at,
    )
    old_ids = {sent.pk, text.pk, picked.pk, browser.pk}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    # The member who sent still cannot send again, and their answers are unlinked.
    assert list(Participation.objects.values_list("consultation_id", "user_id")) == [
        (consultation.pk, sender.pk)
    ]
    moved = Response.objects.get(reference="CP-SENT-0001")
    assert moved.pk not in old_ids and moved.respondent_id is None
    midnight = datetime(2026, 3, 4, tzinfo=UTC)
    assert moved.submitted_at == moved.started_at == midnight
    assert moved.updated_at.astimezone(UTC).time() == time(0)
    words = Answer.objects.get(response=moved, question=long_text)
    assert words.text == "Old words" and words.pk not in old_ids
    assert [t.name for t in words.themes.all()] == ["Waits"]
    choice = Answer.objects.get(response=moved, question=single).selected.get()
    assert choice.pk not in old_ids and choice.choice_id == first_choice.pk
    # A draft belongs to its writer directly; an open-link answer keeps no key at all.
    assert Response.objects.get(pk=draft.pk).respondent_id == drafter.pk
    unlinked = Response.objects.get(reference="CP-OPEN-0001")
    assert unlinked.pk != browser.pk and unlinked.submitted_at == midnight
    # Named answers are left as they were.
    named_response = Response.objects.get(pk=kept.pk)
    assert named_response.respondent_id == sender.pk and named_response.submitted_at == sent_at
