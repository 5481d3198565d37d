"""Questions that only matter after one option is chosen appear under that option (the GOV.UK
conditional reveal), by keyboard, with no accessibility fault at any width."""

from __future__ import annotations

import pytest

from tests.browser.visitor import Visitor
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory, forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_sign_up_asks_practitioners_questions_only_under_their_option(visitor: Visitor) -> None:
    page = visitor.page
    visitor.goto("/accounts/signup/")
    sector = page.get_by_role("group", name="Which sector do you work in?")
    assert not sector.is_visible()
    practitioner = page.get_by_label("Practitioner", exact=True)
    practitioner.focus()
    page.keyboard.press("Space")
    assert sector.is_visible()
    assert practitioner.get_attribute("aria-controls") == "conditional-id_role_2"
    assert practitioner.get_attribute("aria-expanded") is None
    visitor.check("practitioner-chosen")
    page.keyboard.press("ArrowDown")  # moves to and chooses "Commissioner"
    assert not sector.is_visible()
    organisations = page.get_by_label("Your organisation")
    assert organisations.count() == 2
    assert organisations.nth(0).is_hidden() and organisations.nth(1).is_visible()
    page.get_by_label("Parent carer").check()
    assert organisations.nth(0).is_hidden() and organisations.nth(1).is_hidden()
    visitor.check("parent-chosen")


def test_the_other_box_appears_under_other(visitor: Visitor, sign_in_as: SignInAs) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead)  # its first question allows "Other"
    sign_in_as(MembershipFactory.create(forum=forum).user)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    other_box = page.get_by_label("Your other answer")
    assert not other_box.is_visible()
    page.get_by_label("Other", exact=True).check()
    other_box.fill("Just turned 16")
    visitor.check("other-chosen")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/page/2/")
    page.go_back()
    page.wait_for_load_state("load")
    assert page.get_by_label("Your other answer").input_value() == "Just turned 16"
    assert page.get_by_label("Your other answer").is_visible()
