"""Someone answering by open link keeps their code to carry on: copied with one button, or
emailed to an address they give."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.browser.visitor import Visitor
from tests.consultations.factories import make_consultation
from tests.forums.factories import forum_with_lead

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_the_code_to_carry_on_is_copied_or_emailed(visitor: Visitor) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead, audience="open_link")
    page = visitor.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visitor.goto(f"/consultations/open/{consultation.open_link_token}/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    page.get_by_label("5 to 10").check()
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_load_state("load")
    code = page.locator("#carry-on-code").inner_text().strip()
    copy = page.get_by_role("button", name="Copy the code")
    copy.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Code copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == code
    visitor.check("code-copied")

    page.get_by_role("link", name="Email me the code").click()
    visitor.check("email-code")
    page.get_by_role("button", name="Send the email").click()
    page.wait_for_load_state("load")
    assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Email address").fill("sam.parent@example.net")
    page.get_by_role("button", name="Send the email").click()
    page.get_by_text("We have emailed your code to sam.parent@example.net").wait_for()
    visitor.check("code-emailed")
    [message] = mail.outbox
    assert code in message.body
