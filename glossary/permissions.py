from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from glossary.models import GlossaryTerm


def get_proposed_term_for_staff(user: User, pk: int) -> GlossaryTerm:
    if not user.is_staff:
        raise PermissionDenied("Only staff can approve glossary terms.")
    return get_object_or_404(GlossaryTerm.objects.proposed(), pk=pk)
