"""Deleting one's account, checked in the tables themselves: no row anywhere still holds the
person's name, address or id, their sent answers still count with no link to them, and the
waiting list moves up."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.urls import reverse

from accounts.models import User
from consultations.models import Answer, Response
from core.models import OutboxEmail
from peer_network.models import Booking, BookingStatus
from privacy import services
from privacy.models import Erasure
from tests.accounts.factories import PASSWORD, totp_code, totp_enable
from tests.mail import emails_delivered
from tests.privacy.factories import Marked, make_world, person_with_data
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

TEXT_TYPES = (models.CharField, models.TextField, models.JSONField)


def _rows_holding(word: str) -> list[str]:
    """Every table and column, of every installed app, with a value containing ``word``."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if not isinstance(field, TEXT_TYPES):
                    continue
                column = quote(field.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE UPPER(CAST({column} AS TEXT)) LIKE UPPER(%s)",  # noqa: S608
                    [f"%{word}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{field.column}")
    return found


def _rows_pointing_at(user_id: int) -> list[str]:
    """Every relation to an account (the change history's too) still holding this id."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            points_at_user = (
                isinstance(field, models.ForeignKey) and field.related_model is User
            ) or (model._meta.model_name == "historicaluser" and field.name == "id")
            if (
                points_at_user
                and model._default_manager.filter(**{field.attname: user_id}).exists()
            ):
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def _sessions_of(user_id: int) -> int:
    return sum(
        str(session.get_decoded().get("_auth_user_id")) == str(user_id)
        for session in Session.objects.all()
    )


def _gone_words(person: Marked) -> list[str]:
    # Sent named answers still count (unlinked); resources and matter updates stay as the
    # forum's record with no author. Everything else of theirs must be gone.
    kept = {f"Named answer {person.tag}", f"Resource {person.tag}", f"Update {person.tag}"}
    return [word for word in person.words if word not in kept]


def test_deleting_an_account_leaves_nothing_that_links_to_the_person(
    make_client: MakeClient,
) -> None:
    world = make_world()
    mine = person_with_data(world, "Aardvark", email="aardvark@example.org")
    other = person_with_data(world, "Zebra", email="zebra@example.org")
    emails_delivered()
    # A download of their data, and sessions signed in on two devices.
    client = make_client(mine.user)
    client.post(reverse("your_data"))
    make_client(mine.user)
    emails_delivered()
    mail.outbox.clear()
    user_id = mine.user.pk
    assert _sessions_of(user_id) == 2
    assert _rows_pointing_at(user_id)
    named = Response.objects.get(consultation=world.named, respondent=mine.user)
    assert named.submitted_at is not None
    other_booking = Booking.objects.get(user=other.user, session=world.session)
    assert other_booking.status == BookingStatus.WAITING  # the one place was mine

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("account_deleted")
    delivered = emails_delivered()

    assert not User.objects.filter(pk=user_id).exists()
    assert _rows_pointing_at(user_id) == []
    assert _sessions_of(user_id) == 0
    for word in _gone_words(mine):
        assert _rows_holding(word) == [], word
    # The same checks find the other person's data, so they would find the deleted one's.
    for word in _gone_words(other):
        assert _rows_holding(word), word
    assert _rows_pointing_at(other.user.pk)

    # Their sent answers still count, stored as anonymous answers are: a new random id and
    # reference, no person, the day only.
    answer = Answer.objects.get(text="Named answer Aardvark")
    unlinked = answer.response
    assert unlinked.pk != named.pk and unlinked.reference != named.reference
    assert unlinked.respondent_id is None and unlinked.draft_key == ""
    assert unlinked.submitted_at is not None
    assert unlinked.submitted_at.astimezone(UTC).time().isoformat() == "00:00:00"
    assert unlinked.started_at.astimezone(UTC).time().isoformat() == "00:00:00"
    assert Response.objects.filter(consultation=world.named).submitted().count() == 2
    assert not Response.objects.filter(pk=named.pk).exists()

    # The waiting list moved up, and the next person was told.
    other_booking.refresh_from_db()
    assert other_booking.status == BookingStatus.CONFIRMED
    assert any(
        email.to == ["zebra@example.org"] and "A place is yours" in email.subject
        for email in delivered
    )
    # One last email went to the address, which the outbox has forgotten.
    assert [email.subject for email in delivered if email.to == ["aardvark@example.org"]] == [
        "[Coproduce] Your account has been deleted"
    ]
    assert not OutboxEmail.objects.filter(to__iexact="aardvark@example.org").exists()

    erasure = Erasure.objects.get()
    assert erasure.counts["answers_unlinked"] == 1
    assert erasure.counts["drafts_deleted"] == 2
    assert erasure.counts["bookings_cancelled"] == 1
    assert erasure.counts["memberships_ended"] == 1
    assert erasure.counts["downloads_deleted"] == 1
    assert erasure.counts["sessions_ended"] == 2
    assert erasure.counts["emails_deleted"] > 0


def test_two_step_sign_in_asks_for_a_code_too(make_client: MakeClient, parent: User) -> None:
    secret = totp_enable(parent)
    client = make_client(parent)
    page = client.get(reverse("account_delete")).content.decode()
    assert "Code from your authenticator app, or a recovery code" in page

    wrong = client.post(reverse("account_delete"), {"password": "not-it", "code": "123456"})
    assert "The password is not right" in wrong.content.decode()
    no_code = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert "Enter the code from your authenticator app" in no_code.content.decode()
    bad_code = client.post(reverse("account_delete"), {"password": PASSWORD, "code": "000000"})
    assert "The code is not right" in bad_code.content.decode()
    assert User.objects.filter(pk=parent.pk).exists()
    assert not Erasure.objects.exists()

    done = client.post(reverse("account_delete"), {"password": PASSWORD, "code": totp_code(secret)})
    assert done["Location"] == reverse("account_deleted")
    assert not User.objects.filter(pk=parent.pk).exists()


def test_a_forums_only_lead_must_hand_over_first(
    make_client: MakeClient, gateshead: tuple[object, User]
) -> None:
    _, lead = gateshead
    response = make_client(lead).post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "You are the only lead of Gateshead" in response.content.decode()
    assert User.objects.filter(pk=lead.pk).exists()
    assert not Erasure.objects.exists()
    with pytest.raises(services.ErasureRefused):
        services.account_erase(user=lead)


def test_staff_see_the_deletions_and_nothing_about_whose(
    make_client: MakeClient, parent: User, staff: User
) -> None:
    services.account_erase(user=parent)
    page = make_client(staff).get(reverse("erasure_log")).content.decode()
    assert "Sent named answers unlinked (still counted)" in page
    assert "parent-carer@example.org" not in page
