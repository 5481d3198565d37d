"""Unlink anonymous answers sent before sending removed the link.

Until now an anonymous response kept ``anonymous_key``, a keyed hash of the person (or browser)
that anyone holding SECRET_KEY could recompute. For each one:

- a member's sent response becomes a Participation record for that member (so they still
  cannot answer twice) and its answers get new random ids, dates cut to the day and no key;
- a member's unsent draft is linked to the member directly (drafts may be; sending unlinks it);
- a response made by open link (a browser, not a person) loses its key; a sent one is unlinked
  as above. Unsent open-link drafts can no longer be carried on: their browsers hold a token
  whose hash was only ever stored under the old key.

People who sent anonymous answers before this change have no change code, so they cannot change
those answers any more; the answers still count.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC

from django.conf import settings
from django.db import migrations


def _new_id() -> int:
    return secrets.randbelow(2**63 - 1) + 1


def _day(moment):  # noqa: ANN001, ANN202 (historical values)
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def unlink(apps, schema_editor) -> None:  # noqa: ANN001
    Response = apps.get_model("consultations", "Response")
    Answer = apps.get_model("consultations", "Answer")
    AnswerChoice = apps.get_model("consultations", "AnswerChoice")
    Participation = apps.get_model("consultations", "Participation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Themes = Answer.themes.through

    keyed = list(Response.objects.exclude(anonymous_key="").order_by("?"))
    if not keyed:
        return
    secret = hashlib.sha256(f"{settings.SECRET_KEY}:consultation-respondent".encode()).digest()
    user_ids = list(User.objects.values_list("pk", flat=True))
    people: dict[int, dict[str, int]] = {}
    for consultation_id in {r.consultation_id for r in keyed}:
        people[consultation_id] = {
            hmac.new(
                secret, f"{consultation_id}:user:{user_id}".encode(), hashlib.sha256
            ).hexdigest(): user_id
            for user_id in user_ids
        }

    taken_part = []
    for response in keyed:
        user_id = people[response.consultation_id].get(response.anonymous_key)
        if response.submitted_at is None:
            Response.objects.filter(pk=response.pk).update(anonymous_key="", respondent_id=user_id)
            continue
        if user_id is not None:
            taken_part.append(Participation(consultation_id=response.consultation_id, user_id=user_id))
        new_id = _new_id()
        Answer.objects.filter(response_id=response.pk).update(response_id=new_id)
        Response.objects.filter(pk=response.pk).update(
            id=new_id,
            anonymous_key="",
            started_at=_day(response.started_at),
            updated_at=_day(response.updated_at),
            submitted_at=_day(response.submitted_at),
        )
        for answer_id in Answer.objects.filter(response_id=new_id).values_list("pk", flat=True):
            new_answer_id = _new_id()
            AnswerChoice.objects.filter(answer_id=answer_id).update(answer_id=new_answer_id)
            Themes.objects.filter(answer_id=answer_id).update(answer_id=new_answer_id)
            Answer.objects.filter(pk=answer_id).update(id=new_answer_id)
            for pick_id in AnswerChoice.objects.filter(answer_id=new_answer_id).values_list(
                "pk", flat=True
            ):
                AnswerChoice.objects.filter(pk=pick_id).update(id=_new_id())
    secrets.SystemRandom().shuffle(taken_part)
    Participation.objects.bulk_create(taken_part, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_random_ids_drafts_and_participation")]

    operations = [migrations.RunPython(unlink, migrations.RunPython.noop)]
