"""The programmes demo: a North East cohort of 8 schools at different stages, run twice."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from programmes import selectors
from programmes.models import Cohort, Rating, SchoolContact
from programmes.permissions import get_cohort_for_lead

pytestmark = pytest.mark.django_db


def test_the_demo_cohort_has_eight_schools_at_different_stages() -> None:
    call_command("seed_demo")
    first = (Rating.objects.count(), SchoolContact.objects.count())
    call_command("seed_demo")
    assert (Rating.objects.count(), SchoolContact.objects.count()) == first

    cohort = Cohort.objects.get(programme__kind="schools")
    group = Cohort.objects.get(programme__kind="young_people")
    summary = selectors.group_summary(group)
    assert len(summary.meetings) == 6
    assert {m.council_area.name for m in summary.meetings} == {"Gateshead", "Sunderland"}
    assert summary.quotes == 2 and summary.young_people > 0
    # Today's meeting has its feedback form, open now, with six young people's answers (made
    # unless the demo was loaded in the last minute of the day, when no time is left today).
    latest = summary.meetings[0]
    assert latest.held_on == timezone.localdate()
    if latest.feedback_form is not None or timezone.localtime().time() < time(23, 58):
        assert latest.feedback_form is not None and latest.feedback_form.is_open
        assert selectors.feedback_results(latest.feedback_form).sent == 6
    lead = cohort.leads.get()
    assert lead.email == "lead@example.org"
    assert get_cohort_for_lead(lead, cohort.pk) == cohort
    contact = SchoolContact.objects.get(user__email="school@example.org")
    assert contact.school.name == "Low Fell Primary School"
    assert contact.school.council_area.name == "Gateshead"

    overview = selectors.cohort_overview(cohort, timezone.localdate())
    assert len(overview.schools) == 8
    assert all(count > 0 for count in overview.status_counts.values()), overview.status_counts
    assert {m.schools for m in overview.movement} == {2}
    assert all(module.staff > 0 for module in overview.training)  # type: ignore[attr-defined]
