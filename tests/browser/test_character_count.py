"""A limited text box shows its limit as people type, and lets them go past it to see by how
much; the server's message then explains, and nothing typed is lost."""

from __future__ import annotations

import pytest

from tests.browser.visitor import Visitor
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory, forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_a_long_answer_shows_its_limit_and_is_never_cut_off(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead)  # its long answer allows 300 characters
    parent = MembershipFactory.create(forum=forum).user
    sign_in_as(parent)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    page.get_by_label("5 to 10").check()
    page.get_by_label("Clubs").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/page/2/")
    box = page.get_by_label("What would make things better?")
    assert box.get_attribute("maxlength") is None
    box.fill("word " * 50)
    box.press("End")  # the count follows each key
    assert "You have 50 characters remaining" in page.content()
    visitor.check("count-under")
    too_long = "word " * 63 + "word!"  # 320 characters
    box.fill(too_long)
    box.press("End")
    assert "You have 20 characters too many" in page.content()
    assert box.input_value() == too_long  # typing past the limit is allowed
    visitor.check("count-over")
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_load_state("load")
    assert "Use 300 characters or fewer. You have used 320." in page.content()
    assert page.get_by_label("What would make things better?").input_value() == too_long
