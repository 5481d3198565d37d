"""The nightly retention jobs, run for chosen moments (each job takes ``now``), with rows dated
just inside and just outside each period."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from consultations.models import Answer, Consultation, Response
from core.emails import email_send_on_commit
from core.models import OutboxEmail, OutboxStatus
from forums import services as forum_services
from forums.models import Forum, Invitation
from privacy.retention import months_before, retention_apply
from privacy.tasks import retention_apply as retention_task
from tests.mail import emails_delivered
from tests.privacy.factories import make_world, person_with_data

pytestmark = pytest.mark.django_db


def _age(response: Response, days: int, now: datetime) -> None:
    """Last changed ``days`` before ``now``."""
    Response.objects.filter(pk=response.pk).update(updated_at=now - timedelta(days=days))


def test_untouched_drafts_get_one_reminder_then_go_after_ninety_days() -> None:
    world = make_world()
    person = person_with_data(world, "Drafter", email="drafter@example.org")
    emails_delivered()
    mail.outbox.clear()
    named_draft = Response.objects.get(consultation=world.named_draft, respondent=person.user)
    anonymous_draft = Response.objects.get(consultation=world.anonymous, respondent=person.user)
    sent = Response.objects.get(consultation=world.named, respondent=person.user)
    now = timezone.now()

    _age(named_draft, 82, now)  # not yet within the last seven days
    retention_apply(now=now)
    assert emails_delivered() == []

    _age(named_draft, 84, now)  # six days left: reminded, once however often the job runs
    retention_apply(now=now)
    retention_apply(now=now)
    [reminder] = emails_delivered()
    assert reminder.to == ["drafter@example.org"]
    assert "Named two" in reminder.subject
    assert "will be deleted on" in str(reminder.body)

    _age(named_draft, 89, now)
    _age(anonymous_draft, 91, now)
    _age(sent, 400, now)  # sent answers are not drafts
    done = retention_apply(now=now)
    assert done["drafts_deleted"] == 1
    assert Response.objects.filter(pk=named_draft.pk).exists()
    assert not Response.objects.filter(pk=anonymous_draft.pk).exists()
    assert Response.objects.filter(pk=sent.pk).exists()

    _age(named_draft, 90, now)
    retention_apply(now=now)
    assert not Response.objects.filter(pk=named_draft.pk).exists()
    assert not Answer.objects.filter(text__startswith="Draft answer").exists()


def test_named_answers_are_unlinked_twenty_four_months_after_results(
    gateshead: tuple[Forum, User],
) -> None:
    forum, lead = gateshead
    world = make_world()
    person = person_with_data(world, "Named", email="named@example.org")
    named = Response.objects.get(consultation=world.named, respondent=person.user)
    now = timezone.now()
    published = months_before(now, 24)
    Consultation.objects.filter(pk=world.named.pk).update(
        results_published_at=published + timedelta(hours=1)
    )
    retention_apply(now=now)
    assert Response.objects.filter(pk=named.pk, respondent=person.user).exists()

    Consultation.objects.filter(pk=world.named.pk).update(results_published_at=published)
    done = retention_apply(now=now)
    assert done["named_answers_unlinked"] == 1
    assert not Response.objects.filter(respondent=person.user, submitted_at__isnull=False).exists()
    answer = Answer.objects.get(text="Named answer Named")
    assert answer.response.respondent_id is None
    assert answer.response.consultation_id == world.named.pk
    # The person keeps their account; running again changes nothing.
    assert retention_apply(now=now)["named_answers_unlinked"] == 0


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    moment = timezone.now().replace(year=2026, month=3, day=31)
    assert months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert months_before(moment, 24).date().isoformat() == "2024-03-31"
    assert months_before(moment, 3).date().isoformat() == "2025-12-31"


def test_email_words_go_after_ninety_days_and_the_record_stays(parent: User) -> None:
    now = timezone.now()
    for key in ("old", "recent", "old-queued"):
        email_send_on_commit(
            to=[parent.email],
            subject=f"Subject {key}",
            template="emails/privacy/account_deleted.txt",
            context={},
            key=key,
            user_id=parent.pk,
            send_after=now + timedelta(days=1) if key == "old-queued" else None,
        )
    emails_delivered()
    OutboxEmail.objects.filter(key__startswith="old").update(created_at=now - timedelta(days=90))
    OutboxEmail.objects.filter(key="recent").update(created_at=now - timedelta(days=89))

    assert retention_apply(now=now)["email_bodies_purged"] == 1
    old = OutboxEmail.objects.get(key="old")
    assert (old.body_text, old.body_html, old.attachments) == ("", "", [])
    assert (old.to, old.subject, old.status) == (
        parent.email,
        "[Coproduce] Subject old",
        OutboxStatus.SENT,
    )
    assert OutboxEmail.objects.get(key="recent").body_text
    assert OutboxEmail.objects.get(key="old-queued").body_text  # still waiting to go
    assert retention_apply(now=now)["email_bodies_purged"] == 0


def test_invitations_nobody_accepted_go_thirty_days_after_they_end(
    gateshead: tuple[Forum, User], parent: User
) -> None:
    forum, lead = gateshead
    now = timezone.now()

    def invite(email: str, sent_days_ago: int) -> Invitation:
        invitation = forum_services.invitation_create(
            forum=forum, email=email, role="member", invited_by=lead
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_at=now - timedelta(days=sent_days_ago)
        )
        return invitation

    expired_long_ago = invite("gone@example.org", 14 + 30)
    expired_lately = invite("kept@example.org", 14 + 29)
    cancelled = invite("cancelled@example.org", 1)
    Invitation.objects.filter(pk=cancelled.pk).update(cancelled_at=now - timedelta(days=30))
    accepted = invite("accepted@example.org", 400)
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=now - timedelta(days=390))

    assert retention_apply(now=now)["invitations_deleted"] == 2
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "kept@example.org",
        "accepted@example.org",
    }
    assert expired_long_ago.pk not in Invitation.objects.values_list("pk", flat=True)
    assert expired_lately.pk in Invitation.objects.values_list("pk", flat=True)


def test_the_scheduler_runs_retention_every_night() -> None:
    task = PeriodicTask.objects.get(name="Retention")
    assert task.task == "privacy.retention_apply" and task.enabled
    assert task.crontab is not None
    assert (task.crontab.minute, task.crontab.hour) == ("30", "3")
    assert str(task.crontab.timezone) == "Europe/London"
    assert set(retention_task.delay().get()) == {
        "draft_reminders",
        "drafts_deleted",
        "named_answers_unlinked",
        "email_bodies_purged",
        "invitations_deleted",
        "download_files_deleted",
    }
