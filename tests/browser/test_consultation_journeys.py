"""Consultation journeys in Chromium: answering with save and resume, and a lead's whole cycle
from the template to the public impact page. axe-core checks every page at each width."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Answer, Consultation, Response
from tests.browser.visitor import Visitor, session_cookie_for
from tests.consultations.factories import make_consultation, responses_add
from tests.dates import fill_gov_date
from tests.forums.factories import MembershipFactory, forum_with_lead
from tests.types import NewVisitor, SignInAs

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_parent_answers_stops_resumes_elsewhere_sends_and_changes(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead)
    parent = MembershipFactory.create(forum=forum).user
    sign_in_as(parent)
    page = visitor.page

    visitor.goto("/consultations/")
    page.get_by_role("link", name=re.compile(r"^Start\W+Short breaks")).click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/")
    visitor.check("start")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    visitor.check("page-1")

    # Try to go on without the required answer: the error summary says what is missing.
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state("load")
    visitor.check("page-1-errors")
    page.locator(".govuk-error-summary").get_by_role("link", name="Select an answer").click()
    # The error summary's link takes the keyboard to the first option of the question.
    first_section = consultation.sections.first()
    assert first_section is not None
    first_question = first_section.questions.first()
    assert first_question is not None
    first_choice = first_question.choices.first()
    assert first_choice is not None
    assert page.evaluate("document.activeElement.value") == str(first_choice.pk)
    page.get_by_label("5 to 10").check()
    page.get_by_label("Clubs").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_url(re.compile(rf".*/consultations/{consultation.pk}/(#.*)?$"))
    visitor.check("saved")
    assert "Your answers have been saved" in page.content()

    # A fresh browser: sign in again and carry on where they stopped.
    other = new_visitor("resumed")
    other.page.context.add_cookies([session_cookie_for(parent, other.base_url)])
    other.goto(f"/consultations/{consultation.pk}/")
    resumed = other.page
    resumed.get_by_role("button", name="Carry on").click()
    resumed.wait_for_url("**/page/2/")
    other.check("page-2")
    resumed.get_by_role("group", name="I feel listened to").get_by_label(
        "Agree", exact=True
    ).check()
    resumed.get_by_role("group", name="Do you have an EHCP?").get_by_label("Yes").check()
    resumed.get_by_label("What would make things better?").fill(
        "More holiday clubs that understand autism."
    )
    resumed.get_by_label("Top priorities (optional) – your 1st choice").select_option(
        label="Breaks"
    )
    resumed.get_by_role("button", name="Continue to check your answers").click()
    resumed.wait_for_url("**/check/")
    other.check("check")
    assert "5 to 10" in resumed.content() and "More holiday clubs" in resumed.content()
    resumed.get_by_role("group", name="Can we quote what you wrote").get_by_label("Yes").check()
    resumed.get_by_role("button", name="Send your answers").click()
    resumed.get_by_role("heading", name="Answers sent").wait_for()
    other.check("sent")
    reference = Response.objects.get().reference
    assert reference in resumed.content()
    code = resumed.locator("#change-code").inner_text()
    assert "This is the only time we show it" in resumed.content()

    # Change one answer before the close, on the first device, with the reference and code.
    visitor.goto(f"/consultations/{consultation.pk}/")
    assert "You have already sent your answers" in page.content()
    page.get_by_role("link", name="Change your answers").first.click()
    page.wait_for_url("**/change/")
    visitor.check("change")
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your change code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/check/(#.*)?$"))
    page.get_by_role("link", name="Change your answer to: Age of your child?").click()
    page.wait_for_url(re.compile(r".*/page/1/\?return=check.*"))
    page.get_by_label("11 to 15").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r".*/check/(#.*)?$"))
    visitor.check("check-after-change")
    assert "11 to 15" in page.content()
    page.get_by_role("button", name="Send your changes").click()
    page.get_by_role("heading", name="Your changes have been sent").wait_for()
    response = Response.objects.get()
    assert response.reference == reference
    age = Answer.objects.get(response=response, question__text="Age of your child?")
    assert age.selected.get().choice.text == "11 to 15"


def test_lead_runs_a_consultation_from_template_to_impact(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/manage/consultations/")
    page.get_by_role("button", name="Start from “What does a good life look like?”").click()
    page.wait_for_url("**/from-template/")
    visitor.check()
    today = timezone.localdate()
    fill_gov_date(page, "opens_on", today)
    fill_gov_date(page, "closes_on", today + timedelta(days=30))
    page.get_by_role("button", name="Make a draft copy").click()
    page.wait_for_url("**/manage/")
    visitor.check("builder-draft")
    consultation = Consultation.objects.get()

    page.get_by_role("button", name="Preview as a respondent").click()
    page.wait_for_url("**/preview/1/")
    visitor.check("preview")
    visitor.goto(f"/consultations/{consultation.pk}/manage/")
    page.get_by_role("button", name="Open the consultation").click()
    page.wait_for_url("**/manage/launch/")
    visitor.check("confirm-open")  # it cannot be undone, so the page says what will happen
    assert "Who can answer" in page.content()
    page.get_by_role("button", name="Yes, open it").click()
    page.wait_for_load_state("load")
    visitor.check("builder-open")
    assert "is open" in page.content()

    responses_add(consultation, 14, seed=3)
    page.get_by_role("button", name="Close it now").click()
    page.wait_for_url("**/manage/close/")
    visitor.check("confirm-close")
    assert "Answers sent so far" in page.content()
    page.get_by_role("button", name="Yes, close it now").click()
    page.wait_for_url("**/manage/results/")
    visitor.check("results")

    visitor.goto(f"/consultations/{consultation.pk}/manage/themes/")
    page.get_by_label("New theme").fill("Waiting times")
    page.get_by_role("button", name="Add the theme").click()
    page.wait_for_load_state("load")
    visitor.check("themes")
    page.get_by_role("link", name="What does a good life look like for your family?").click()
    page.wait_for_url("**/manage/themes/questions/*/")
    page.locator('input[name="answers"]').first.check()
    page.get_by_role("group", name="Themes", exact=True).get_by_label("Waiting times").check()
    page.get_by_role("button", name="Add themes to ticked answers").click()
    page.wait_for_load_state("load")
    visitor.check("theme-coding")
    assert Answer.themes.through.objects.count() == 1

    visitor.goto(f"/consultations/{consultation.pk}/manage/publish/")
    page.get_by_label("Everyone").check()
    page.get_by_label("“You said”: what you heard").fill(
        "You told us that waits for assessments are far too long."
    )
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/impact/")
    visitor.check("impact-published")

    visitor.goto(f"/consultations/{consultation.pk}/manage/actions/")
    page.get_by_label("What will be done, or was done").fill("Saturday assessment clinics")
    page.get_by_label("NHS board").check()
    page.get_by_label("Name of the organisation").fill("Gateshead ICB")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_load_state("load")
    visitor.check("actions")

    # The public sees the action on the impact page, and suppressed results.
    browser = visitor.page.context.browser
    assert browser is not None
    public = browser.new_context(viewport={"width": visitor.width, "height": 800})
    public_page = public.new_page()
    public_page.goto(f"{visitor.base_url}/consultations/{consultation.pk}/impact/")
    assert "Saturday assessment clinics" in public_page.content()
    assert "Gateshead ICB" in public_page.content()
    public_page.goto(f"{visitor.base_url}/consultations/{consultation.pk}/results/")
    assert "14 people sent their answers" in public_page.content()
    assert "Not shown" in public_page.content()
    public.close()
    visitor.goto(f"/consultations/{consultation.pk}/results/")


def _tab_to(page: Page, selector: str, presses: int = 200) -> None:
    """Press Tab, as a keyboard user would, until the focus reaches an element matching
    ``selector``."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focus_on_banner(page: Page) -> str:
    """The success banner's text, once GOV.UK Frontend has moved the focus to it."""
    page.wait_for_function("document.activeElement.matches('.govuk-notification-banner')")
    return page.locator(".govuk-notification-banner").inner_text()


def _add_themes_by_keyboard(page: Page, new_theme: str = "") -> str:
    """From the ticked answers, Tab on to tick the first theme and type ``new_theme`` (if
    any), then press the button that adds them: the success banner's text."""
    _tab_to(page, 'input[name="themes"]')
    page.keyboard.press("Space")
    if new_theme:
        _tab_to(page, 'input[name="new_theme"]')
        page.keyboard.type(new_theme)
    _tab_to(page, 'button[value="add"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return _focus_on_banner(page)


def test_lead_codes_several_answers_at_once_by_keyboard(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    consultation = make_consultation(forum, lead)
    responses_add(consultation, 12, seed=4)
    services.theme_create(consultation=consultation, edited_by=lead, name="Waiting times")
    through = Answer.themes.through
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/manage/themes/")
    page.get_by_role("link", name="What would make things better?").click()
    page.wait_for_url("**/manage/themes/questions/*/")
    visitor.check("coding")
    assert "Showing 1 to 12 of 12 answers not yet coded" in page.content()

    answers = page.locator('input[name="answers"]')
    if visitor.width >= 1280:
        # The themes stay in view beside the list, and never cover the answer in focus.
        answers.last.focus()
        panel = page.locator(".cp-coding__panel").bounding_box()
        last = page.locator(".cp-answer").last.bounding_box()
        assert panel is not None and last is not None
        assert panel["y"] >= 0 and panel["y"] + panel["height"] <= 900
        assert panel["x"] >= last["x"] + last["width"]

    # Nothing ticked: the error summary says so, and its link takes the keyboard to the answers.
    page.get_by_role("button", name="Add themes to ticked answers").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check("coding-errors")
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Tick the answers to code"
    ).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_answers_1"

    # Tick three answers, the existing theme and a new one, all from the keyboard, and save once.
    page.keyboard.press("Space")
    for _ in range(2):
        _tab_to(page, 'input[name="answers"]:not(:checked)')
        page.keyboard.press("Space")
    ticked = [
        box.get_attribute("value") for box in page.locator('input[name="answers"]:checked').all()
    ]
    assert len(ticked) == 3
    assert page.locator("[data-cp-ticked-count]").inner_text() == "3 answers ticked"
    banner = _add_themes_by_keyboard(page, new_theme="Transport")
    assert "3 answers coded as “Transport” and “Waiting times”." in banner
    visitor.check("coded")
    assert "Showing 1 to 9 of 9 answers not yet coded" in page.content()
    assert set(through.objects.values_list("answer_id", "theme__name")) == {
        (int(value or 0), name) for value in ticked for name in ("Transport", "Waiting times")
    }

    # The rest of the page at once, with "Select all".
    select_all = page.get_by_label("Select all answers on this page")
    select_all.focus()
    page.keyboard.press("Space")
    assert page.locator('input[name="answers"]:checked').count() == 9
    assert page.locator("[data-cp-ticked-count]").inner_text() == "9 answers ticked"
    assert "9 answers coded as “Transport”." in _add_themes_by_keyboard(page)
    visitor.check("all-coded")
    assert "Every answer to this question has been coded" in page.content()

    # Quoting stays beside each answer whose author agreed.
    with page.expect_navigation():
        page.get_by_role("link", name="Show all answers").click()
    quote = page.get_by_role("button", name=re.compile(r"^Quote this answer")).first
    quote.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "will be quoted in the published results" in _focus_on_banner(page)
    visitor.check("quoted")
    assert Answer.objects.filter(featured=True).count() == 1
