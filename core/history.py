"""History of personal data, and forgetting it.

Models holding personal data keep every change with django-simple-history (who changed what,
when). Each such model names, in ``HISTORY_PERSON_FIELDS``, the fields that say whose data a
row is: a foreign key to the person (``"user"``), the person's own id (``"id"`` on User) or an
email address (``"email"``). docs/threat-model.md lists the models.

Erasing an account or withdrawing consent must not leave copies behind in the history:
``history_forget`` deletes every history row about the person, across every app, without
importing any (it reads simple-history's registry).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import registered_models


def history_models() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Each model that keeps history, with the fields naming whose data a row is. Models
    that keep history but name no person are left out (their history holds no one's data)."""
    found = []
    for model in registered_models.values():
        fields: tuple[str, ...] = getattr(model, "HISTORY_PERSON_FIELDS", ())
        if fields and hasattr(model, "history"):
            found.append((model, fields))
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def _about(model: type[models.Model], fields: tuple[str, ...], user: AbstractBaseUser) -> Q:
    condition = Q()
    email = str(getattr(user, "email", "") or "")
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.EmailField):
            if email:
                condition |= Q(**{f"{name}__iexact": email})
        elif field.is_relation:
            condition |= Q(**{f"{name}_id": user.pk})
        else:
            condition |= Q(**{name: user.pk})
    return condition


def history_forget(user: AbstractBaseUser) -> int:
    """Delete every history row about ``user`` (their account, profile, consents,
    memberships, invitations, bookings, listings, school contacts), and return how many.

    Call it *before* the erasure changes the person's email address, since invitations are
    matched by it. It keeps the current rows (the erasure decides what becomes of them) and
    history rows about other people that this person changed. Safe to run twice."""
    deleted = 0
    with transaction.atomic():
        for model, fields in history_models():
            condition = _about(model, fields, user)
            if condition:
                historical = model.history.model  # type: ignore[attr-defined]
                count, _ = historical.objects.filter(condition).delete()
                deleted += count
    return deleted
