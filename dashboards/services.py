"""Writes: staff set a commissioner's scope; a table is exported as CSV and the export logged."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.access import access_log_record
from core.models import AccessKind, AccessWhat
from core.spreadsheet import csv_bytes
from dashboards.models import CommissionerScope
from dashboards.tables import DashTable
from forums.models import CouncilArea, Region


def scope_set(
    *,
    commissioner: User,
    set_by: User,
    region: Region | None,
    council_areas: Sequence[CouncilArea] = (),
) -> CommissionerScope:
    """Set what an approved commissioner's figures cover: a whole region, or some areas."""
    if not set_by.is_staff:
        raise PermissionDenied("Only staff set a commissioner's scope.")
    if not commissioner.is_commissioner:
        raise ValidationError("Only an approved commissioner has a scope.")
    if (region is None) == (not council_areas):
        raise ValidationError("Choose a whole region or some council areas, not both or neither.")
    with transaction.atomic():
        scope, _ = CommissionerScope.objects.select_for_update().update_or_create(
            user=commissioner,
            defaults={"region": region, "set_by": set_by, "set_at": timezone.now()},
        )
        scope.council_areas.set(council_areas)
    return scope


def table_export_csv(*, table: DashTable, exported_by: User) -> bytes:
    """The table exactly as shown on the page (the same suppressed texts), as CSV, logged."""
    with transaction.atomic():
        rows = table.csv_rows()
        content = csv_bytes(table.header, rows)
        access_log_record(
            kind=AccessKind.EXPORTED,
            what=AccessWhat.DASHBOARD,
            subject=exported_by,
            person=exported_by,
            file_format="csv",
            row_count=len(rows),
        )
    return content
