"""Self-assessment: draft, come back, submit; a submitted round is read-only; tampered levels,
double submits and incomplete submits give messages, never errors, and lose nothing."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programmes import services
from programmes.models import AssessmentRound, MilestoneKind, Rating, RoundStatus
from programmes.services import RatingValue, RoundIncomplete, RoundLocked
from tests.programmes.factories import (
    cohort_make,
    contact_make,
    enrol,
    rate_all,
    standards,
)
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _form(
    levels: Mapping[int, object], action: str = "save", evidence: str = ""
) -> dict[str, object]:
    data: dict[str, object] = {"action": action}
    for pk, level in levels.items():
        data[f"level_{pk}"] = level
        data[f"evidence_{pk}"] = evidence
    return data


def test_draft_is_kept_and_shown_again_then_submitted(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    every = standards()
    client = make_client(contact)
    url = reverse("programmes:assessment", args=[enrolment.pk, "baseline"])

    first_half = {s.pk: 2 for s in every[:8]}
    response = client.post(url, _form(first_half, evidence="Profiles for 3 pupils"))
    assert response.status_code == 302
    round_ = AssessmentRound.objects.get(enrolment=enrolment, kind="baseline")
    assert round_.status == RoundStatus.DRAFT
    assert round_.ratings.filter(level=2).count() == 8

    page = client.get(url).content.decode()
    assert page.count("Profiles for 3 pupils") == 8
    assert page.count('checked="checked"') == 8

    # Submitting with 12 of 16 rated keeps what was typed and names the 4 missing.
    twelve = {**first_half, **{s.pk: 3 for s in every[8:12]}}
    response = client.post(url, _form(twelve, action="submit"))
    assert response.status_code == 200
    page = response.content.decode()
    for standard in every[12:]:
        assert f"Choose a level for {standard.code} {standard.title}" in page
    assert "Choose a level for 1.1" not in page
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    assert round_.ratings.filter(level__isnull=False).count() == 12

    everything = {s.pk: 3 for s in every}
    response = client.post(url, _form(everything, action="submit"))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SUBMITTED
    assert enrolment.milestones.get(kind=MilestoneKind.BASELINE).met_on is not None


def test_incomplete_submit_names_each_missing_standard() -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    every = standards()
    with pytest.raises(RoundIncomplete) as refused:
        services.round_save(
            enrolment=enrolment,
            kind="baseline",
            saved_by=contact,
            ratings={every[0].pk: RatingValue(level=4)},
            submit=True,
        )
    assert len(refused.value.messages) == len(every) - 1
    assert Rating.objects.get(standard=every[0]).level == 4


def test_submitting_twice_and_editing_a_submitted_round_are_refused_with_a_message(
    make_client: MakeClient,
) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    rate_all(enrolment, "baseline", 2, by=contact)
    every = standards()
    url = reverse("programmes:assessment", args=[enrolment.pk, "baseline"])
    response = make_client(contact).post(
        url, _form({s.pk: 4 for s in every}, action="submit", evidence="Changed my mind")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "was submitted on" in page and "cannot be changed" in page
    assert "Changed my mind" in page  # what was typed is shown back
    assert set(Rating.objects.values_list("level", flat=True)) == {2}

    with pytest.raises(RoundLocked):
        services.round_save(
            enrolment=enrolment,
            kind="baseline",
            saved_by=contact,
            ratings={every[0].pk: RatingValue(level=1)},
        )


def test_a_submitted_round_is_read_only_on_its_page(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    rate_all(enrolment, "baseline", 3, by=contact)
    page = (
        make_client(contact)
        .get(reverse("programmes:assessment", args=[enrolment.pk, "baseline"]))
        .content.decode()
    )
    assert "cannot be changed" in page
    assert 'name="level_' not in page
    assert "3 established" in page


@pytest.mark.parametrize("level", ["5", "0", "-1", "two", "99999999999999999999"])
def test_a_level_outside_the_scale_gets_a_message(make_client: MakeClient, level: str) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    every = standards()
    response = make_client(contact).post(
        reverse("programmes:assessment", args=[enrolment.pk, "baseline"]),
        _form({every[0].pk: level}, evidence="Kept"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a level from 1 to 4" in page
    assert "Kept" in page
    assert not AssessmentRound.objects.exists()


def test_the_service_refuses_a_level_outside_the_scale_and_a_foreign_standard() -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    every = standards()
    with pytest.raises(ValidationError, match="from 1 to 4"):
        services.round_save(
            enrolment=enrolment,
            kind="baseline",
            saved_by=contact,
            ratings={every[0].pk: RatingValue(level=5)},
        )
    with pytest.raises(ValidationError, match="only the standards"):
        services.round_save(
            enrolment=enrolment,
            kind="baseline",
            saved_by=contact,
            ratings={10**9: RatingValue(level=2)},
        )
    assert not AssessmentRound.objects.exists()


def test_a_review_waits_for_a_submitted_baseline(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    with pytest.raises(ValidationError, match="Submit the baseline"):
        rate_all(enrolment, "review", 3, by=contact)
    page = (
        make_client(contact)
        .get(reverse("programmes:assessment", args=[enrolment.pk, "review"]))
        .content.decode()
    )
    assert "Submit the baseline self-assessment before starting this one" in page
    rate_all(enrolment, "baseline", 2, by=contact, submit=False)
    with pytest.raises(ValidationError, match="Submit the baseline"):
        rate_all(enrolment, "review", 3, by=contact)
    rate_all(enrolment, "baseline", 2, by=contact)
    rate_all(enrolment, "review", 3, by=contact)
    assert enrolment.milestones.get(kind=MilestoneKind.REVIEW).is_met


def test_only_the_schools_contacts_may_save() -> None:
    cohort = cohort_make()
    enrolment = enrol(cohort, contact=contact_make())
    other = contact_make()
    enrol(cohort, contact=other)
    with pytest.raises(PermissionDenied):
        rate_all(enrolment, "baseline", 2, by=other)
    assert not AssessmentRound.objects.exists()
