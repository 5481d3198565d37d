"""The Peer Network library and a learning path in Chromium, checked by axe-core on every
page at each width."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.models import Sector
from library import services
from library.models import Audience, Resource, StepCompletion
from peer_network.models import Topic
from tests.accounts.factories import UserFactory
from tests.browser.visitor import Visitor
from tests.forums.factories import forum_with_lead
from tests.library.factories import PDF_BYTES, make_resource, topics_ensure
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_a_practitioner_searches_the_library_and_follows_a_path(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    topics_ensure()
    staff = UserFactory.create(staff=True)
    health = Topic.objects.get(slug="health")
    care = make_resource(
        staff,
        "Building the right support (Transforming Care)",
        summary="The national plan so that people are supported at home, not in hospital.",
        url="https://www.england.nhs.uk/learning-disabilities/natplan/",
        topics=[health],
        sectors=[Sector.HEALTH, Sector.SOCIAL_CARE],
    )
    guide = make_resource(
        staff,
        "Who plans what: a one-page guide",
        summary="Who plans which services in a council area.",
        document=PDF_BYTES,
        sectors=[Sector.HEALTH],
    )
    make_resource(staff, "Short breaks explained", summary="Time off for parent carers.")
    services.learning_path_ensure(
        title="How the NHS and the council plan services",
        slug="how-the-nhs-and-the-council-plan-services",
        purpose="Who decides which services families get.",
        audience=Audience.REPRESENTATIVES,
        steps=[
            services.StepPlan(resource=guide, note="Start here."),
            services.StepPlan(resource=care, note="What Transforming Care set out to do."),
        ],
    )
    person = UserFactory.create(practitioner=True, full_name="Pat Practitioner")
    sign_in_as(person)
    page = visitor.page

    visitor.goto("/peer-network/library/")
    page.get_by_label("Search the library").fill("transforming")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/peer-network/library/?q=transforming*")
    visitor.check("library-search")
    assert page.get_by_role("heading", name="1 resource found").is_visible()
    assert page.get_by_role("link", name="Short breaks explained").count() == 0

    page.get_by_role("link", name="Building the right support (Transforming Care)").click()
    page.wait_for_url(f"**/peer-network/library/{care.pk}/")
    visitor.check("library-resource")
    assert page.get_by_text("Health services and the NHS").is_visible()

    page.get_by_role("link", name="How the NHS and the council plan services").click()
    page.wait_for_url("**/peer-network/paths/how-the-nhs-and-the-council-plan-services/")
    visitor.check("library-path")
    assert page.get_by_text("0 of 2 steps done").is_visible()

    page.get_by_role("button", name="Mark as done for step 1").click()
    page.wait_for_url("**/peer-network/paths/how-the-nhs-and-the-council-plan-services/#step-1")
    visitor.check("library-path-step-done")
    assert page.get_by_text("1 of 2 steps done").is_visible()
    assert page.get_by_role("button", name="Mark as not done for step 1").is_visible()
    assert StepCompletion.objects.filter(user=person).count() == 1

    visitor.goto("/peer-network/paths/")
    assert page.get_by_text("1 of 2 steps done").is_visible()
    visitor.check("library-paths")

    visitor.goto("/peer-network/library/")
    visitor.check("library-list")


def test_a_forum_lead_adds_a_document_after_a_wrong_file_and_sees_the_figures(
    visitor: Visitor, sign_in_as: SignInAs, tmp_path: Path
) -> None:
    topics_ensure()
    _, lead = forum_with_lead("Gateshead")
    sign_in_as(lead)
    page = visitor.page
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"<html>Not really a PDF</html>")
    real = tmp_path / "guide.pdf"
    real.write_bytes(PDF_BYTES)

    visitor.goto("/peer-network/library/")
    page.get_by_role("link", name="Add a resource").click()
    page.wait_for_url("**/peer-network/library/new/")
    visitor.check("library-new")
    page.get_by_label("Title").fill("Who plans what")
    page.get_by_label("Summary").fill("A one-page guide to who plans which services.")
    page.get_by_label("Or upload a document").set_input_files(fake)
    page.get_by_label("Health", exact=True).check()
    page.get_by_role("button", name="Add to the library").click()
    page.wait_for_load_state("load")
    visitor.check("library-new-error")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_text("The selected file must be a PDF").is_visible()
    assert page.get_by_label("Title").input_value() == "Who plans what"

    page.get_by_label("Or upload a document").set_input_files(real)
    page.get_by_role("button", name="Add to the library").click()
    page.wait_for_url("**/peer-network/library/*/")
    visitor.check("library-added")
    assert page.get_by_text("“Who plans what” is in the library.").is_visible()
    assert page.get_by_role("link", name="Download the document").is_visible()

    path = services.learning_path_ensure(
        title="Planning",
        slug="planning",
        purpose="Who plans what.",
        audience=Audience.EVERYONE,
        steps=[services.StepPlan(resource=Resource.objects.get(title="Who plans what"))],
    )
    visitor.goto(f"/peer-network/paths/{path.slug}/")
    page.get_by_role("link", name="How many people are following this path").click()
    page.wait_for_url(f"**/peer-network/paths/{path.slug}/followers/")
    visitor.check("library-path-figures")
    assert page.get_by_text("Too few people to show").is_visible()

    resource = Resource.objects.get(title="Who plans what")
    visitor.goto(f"/peer-network/library/{resource.pk}/")
    page.get_by_role("link", name="Change Who plans what").click()
    page.wait_for_url(f"**/peer-network/library/{resource.pk}/change/")
    visitor.check("library-change")
    page.get_by_label("Title").fill("Who plans which services")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/peer-network/library/{resource.pk}/")
    assert page.get_by_role("heading", name="Who plans which services").is_visible()

    page.get_by_role("link", name="Remove from the library").click()
    page.wait_for_url(f"**/peer-network/library/{resource.pk}/remove/")
    visitor.check("library-remove")
    assert page.get_by_text("It is a step in a learning path").is_visible()
    page.get_by_role("button", name="Remove it").click()
    page.wait_for_url("**/peer-network/library/")
    visitor.check("library-after-removal")
    assert not Resource.objects.filter(pk=resource.pk).exists()
