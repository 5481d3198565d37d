from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from dashboards.forms import Period
from dashboards.scope import Scope


@dataclass(frozen=True)
class Context:
    scope: Scope
    period: Period
    now: datetime

    @property
    def forum_ids(self) -> list[int]:
        return sorted(self.scope.forum_ids)

    @property
    def area_ids(self) -> list[int]:
        return sorted(self.scope.area_ids)

    def in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.period.start, f"{field}__lt": self.period.end})
