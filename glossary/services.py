"""Writes to the glossary: leads propose their forum's terms, staff approve them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from forums.models import Forum
from forums.permissions import is_lead
from glossary.models import GlossaryTerm, TermStatus


def glossary_term_propose(
    *,
    forum: Forum | None,
    proposed_by: User,
    term: str,
    meaning: str,
    also_known_as: str = "",
    not_matching: str = "",
) -> GlossaryTerm:
    """A lead proposes a term for their forum (or, as staff, a national one). Staff approve it."""
    if forum is None:
        if not proposed_by.is_staff:
            raise PermissionDenied("Only staff can add national terms.")
    else:
        if not is_lead(proposed_by, forum):
            raise PermissionDenied("Only the forum's leads can propose its terms.")
    slug = slugify(term)[:120]
    if not slug:
        raise ValidationError("Enter the term.")
    duplicates = GlossaryTerm.objects.filter(slug=slug).exclude(status=TermStatus.REJECTED)
    if duplicates.filter(forum__isnull=True).exists() or (
        forum is not None and duplicates.filter(forum=forum).exists()
    ):
        raise ValidationError(f"“{term}” is already in the glossary.")
    with transaction.atomic():
        return GlossaryTerm.objects.create(
            term=term.strip(),
            slug=slug,
            meaning=meaning.strip(),
            also_known_as=also_known_as.strip(),
            not_matching=not_matching.strip(),
            forum=forum,
            proposed_by=proposed_by,
            status=TermStatus.PROPOSED,
        )


def glossary_term_decide(*, term: GlossaryTerm, decided_by: User, approve: bool) -> GlossaryTerm:
    if not decided_by.is_staff:
        raise PermissionDenied("Only staff can approve glossary terms.")
    with transaction.atomic():
        term.status = TermStatus.APPROVED if approve else TermStatus.REJECTED
        term.decided_by = decided_by
        term.save(update_fields=["status", "decided_by"])
    return term
