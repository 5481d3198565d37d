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

from django.contrib.auth import get_user_model
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


def _links_unset(user: AbstractBaseUser) -> int:
    """History rows about other people that still name this person in a relation (who made a
    change, a relation that is set to null when the person goes) lose that link."""
    person_model = get_user_model()
    unset = 0
    for model in registered_models.values():
        historical = model.history.model
        for field in historical._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is person_model:
                rows = historical.objects.filter(**{f"{field.name}_id": user.pk})
                unset += rows.update(**{field.name: None})
    return unset


def history_scrub(
    user: AbstractBaseUser, model: type[models.Model], cleared: dict[str, object]
) -> int:
    """Set ``cleared`` fields to the given values in every history row of ``model`` about
    ``user``, as withdrawing a consent clears them in the current row. Returns how many rows."""
    fields: tuple[str, ...] = getattr(model, "HISTORY_PERSON_FIELDS", ())
    if not fields or not hasattr(model, "history"):
        return 0
    historical = model.history.model
    return int(historical.objects.filter(_about(model, fields, user)).update(**cleared))


def history_forget(user: AbstractBaseUser) -> int:
    """Delete every history row about ``user`` (their account, profile, consents,
    memberships, invitations, bookings, listings, school contacts), and return how many.

    Call it *before* the erasure changes the person's email address, since invitations are
    matched by it, or pass an unsaved person with the deleted account's id and address after
    the deletion (which itself writes copies). It keeps the current rows (the erasure decides
    what becomes of them); history rows about other people that this person changed, or that
    name them in a relation, lose the link to them. Safe to run twice."""
    deleted = 0
    with transaction.atomic():
        for model, fields in history_models():
            condition = _about(model, fields, user)
            if condition:
                historical = model.history.model  # type: ignore[attr-defined]
                count, _ = historical.objects.filter(condition).delete()
                deleted += count
        _links_unset(user)
    return deleted
