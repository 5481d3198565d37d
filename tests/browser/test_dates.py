"""Dates are entered in GOV.UK day, month and year boxes, and an edit page keeps them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Consultation
from tests.browser.visitor import Visitor
from tests.consultations.factories import make_consultation
from tests.forums.factories import forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


@pytest.mark.parametrize("when", ["scheduled", "open"])
def test_editing_only_the_title_keeps_the_dates(
    visitor: Visitor, sign_in_as: SignInAs, when: str
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead)
    if when == "scheduled":
        later = timezone.now() + timedelta(days=10)
        Consultation.objects.filter(pk=consultation.pk).update(
            opens_at=later, closes_at=later + timedelta(days=30)
        )
    consultation.refresh_from_db()
    closes_on = timezone.localtime(consultation.closes_at).date()
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/manage/details/")
    visitor.check(f"edit-{when}")
    assert page.locator("#id_closes_on_0").input_value() == str(closes_on.day)
    assert page.locator("#id_closes_on_1").input_value() == str(closes_on.month)
    assert page.locator("#id_closes_on_2").input_value() == str(closes_on.year)
    page.get_by_label("Title").fill("Short breaks in the holidays")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    visitor.check(f"edited-{when}")
    assert "Enter the closing date" not in page.content()
    consultation.refresh_from_db()
    assert consultation.title == "Short breaks in the holidays"
    assert timezone.localtime(consultation.closes_at).date() == closes_on
