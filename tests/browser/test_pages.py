"""Every page of the service, seen by the people who use it, at desktop, phone and 320 px widths:
axe-core finds nothing and nothing scrolls sideways."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role, RoleStatus
from tests.accounts.factories import UserFactory, totp_enable
from tests.browser.visitor import Visitor
from tests.types import NewVisitor, SignInAs

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages(visitor: Visitor) -> None:
    for path in (
        "/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ):
        visitor.goto(path)
    page = visitor.page
    visitor.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    visitor.check("login-errors")
    assert page.locator(".govuk-error-summary").is_visible()


def test_parent_carer_pages(visitor: Visitor, sign_in_as: SignInAs) -> None:
    sign_in_as(UserFactory.create(full_name="Robin Carer"))
    for path in (
        "/",
        "/accounts/profile/",
        "/accounts/profile/details/",
        "/accounts/consent/children/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/approvals/",
    ):
        visitor.goto(path)
    assert "You cannot see this page" in visitor.page.content()

    # The header menu works by keyboard at every width.
    page = visitor.page
    visitor.goto("/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.focus()
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Your account", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/profile/")

    page.get_by_role("link", name="Withdraw agreement to the privacy notice").click()
    page.wait_for_url("**/withdraw/")
    visitor.check("withdraw-privacy")


def test_staff_pages(visitor: Visitor, sign_in_as: SignInAs) -> None:
    staff = UserFactory.create(staff=True, full_name="Sky Staff")
    totp_enable(staff)
    UserFactory.create(
        role=Role.COMMISSIONER,
        role_status=RoleStatus.PENDING,
        full_name="Casey Commissioner",
        organisation="Northumbria Integrated Care Board",
    )
    sign_in_as(staff)
    visitor.goto("/")
    visitor.goto("/accounts/approvals/")
    page = visitor.page
    page.get_by_role("button", name="Approve Casey Commissioner").click()
    page.wait_for_load_state("load")
    visitor.check("approvals-after")
    assert "There are no requests waiting" in page.content()


def test_commissioner_is_held_on_the_mfa_page(visitor: Visitor, sign_in_as: SignInAs) -> None:
    sign_in_as(UserFactory.create(commissioner=True))
    visitor.goto("/accounts/profile/")
    assert "/accounts/reauthenticate/" in visitor.page.url


@pytest.mark.usefixtures("national_glossary")
def test_forum_lead_pages(visitor: Visitor, sign_in_as: SignInAs) -> None:
    from forums import services as forum_services
    from tests.forums.factories import MembershipFactory, NewsPostFactory, forum_with_lead

    forum, lead = forum_with_lead("Gateshead")
    MembershipFactory.create(forum=forum, status="pending")
    rep = MembershipFactory.create(forum=forum).user
    forum_services.representative_add(
        forum=forum,
        added_by=lead,
        user=rep,
        board="SEND Partnership Board",
        term_start=date(2026, 1, 1),
        term_end=None,
    )
    forum_services.engagement_record(
        forum=forum,
        recorded_by=lead,
        date=date(2026, 10, 1),
        method="coffee_morning",
        title="Coffee morning",
        participants=12,
        themes="Waiting times\nTransport",
        ladder_rung=5,
    )
    NewsPostFactory.create(forum=forum, body="News about SEN Support.")
    sign_in_as(lead)
    base = f"/forums/{forum.slug}"
    for path in (
        "/",
        "/forums/",
        base + "/",
        base + "/manage/members/",
        base + "/manage/invite/",
        base + "/manage/news/new/",
        base + "/manage/representatives/",
        base + "/manage/engagement/",
        base + "/manage/glossary/",
        base + "/manage/details/",
        "/glossary/",
        "/glossary/?q=plan",
        "/accounts/profile/about-you/",
    ):
        visitor.goto(path)

    page = visitor.page
    visitor.goto(base + "/manage/engagement/")
    page.locator("summary").click()
    page.get_by_role("button", name="Record it").click()
    page.wait_for_load_state("load")
    visitor.check("engagement-errors")
    assert (
        "Enter how many parent carers took part"
        in page.locator(".govuk-error-summary").inner_text()
    )


@pytest.mark.usefixtures("national_glossary")
def test_member_profile_with_consent(visitor: Visitor, sign_in_as: SignInAs) -> None:
    from accounts import services as account_services

    user = UserFactory.create()
    account_services.consent_give(user=user, kind="special_category")
    sign_in_as(user)
    visitor.goto("/accounts/profile/about-you/")
    page = visitor.page
    page.get_by_label("5 to 10").check()
    page.get_by_role("group", name="Communication and interaction").get_by_label(
        "Awaiting assessment"
    ).check()
    page.get_by_role("button", name="Save your answers").click()
    page.wait_for_url("**/accounts/profile/")
    visitor.check("profile-after-about-you")


@pytest.mark.usefixtures("national_glossary")
def test_consultation_pages(
    visitor: Visitor, sign_in_as: SignInAs, new_visitor: NewVisitor
) -> None:
    from consultations import services as consultation_services
    from tests.accounts.factories import totp_enable
    from tests.consultations.factories import consultation_with_responses, make_consultation
    from tests.forums.factories import forum_with_lead

    forum, lead = forum_with_lead("Gateshead")
    draft = make_consultation(forum, lead, launch=False)
    closed = consultation_with_responses(forum, lead, responses=12, seed=5)
    consultation_services.consultation_close_now(consultation=closed, closed_by=lead)
    consultation_services.results_publish(
        consultation=closed, published_by=lead, audience="public", you_said="You said things."
    )
    open_link = make_consultation(forum, lead, audience="open_link")
    section = draft.sections.first()
    assert section is not None
    question = section.questions.first()
    assert question is not None

    sign_in_as(lead)
    for path in (
        f"/consultations/{draft.pk}/manage/details/",
        f"/consultations/{draft.pk}/manage/pages/{section.pk}/",
        f"/consultations/{draft.pk}/manage/pages/{section.pk}/questions/new/",
        f"/consultations/{draft.pk}/manage/questions/{question.pk}/",
        f"/consultations/{draft.pk}/manage/preview/2/",
        f"/consultations/{closed.pk}/manage/results/",
        f"/consultations/{closed.pk}/manage/publish/",
        f"/forums/{forum.slug}/manage/consultations/new/",
    ):
        visitor.goto(path)

    public = new_visitor("public")
    for path in (
        "/consultations/",
        f"/consultations/{closed.pk}/impact/",
        f"/consultations/{closed.pk}/results/",
        f"/consultations/impact/forum/{forum.slug}/",
        f"/consultations/open/{open_link.open_link_token}/",
    ):
        public.goto(path)
    public.page.get_by_role("button", name="Start now").click()
    public.page.wait_for_url("**/page/1/")
    public.check("open-link-page-1")
    public.goto(f"/consultations/open/{open_link.open_link_token}/")
    assert "Your code to carry on is:" in public.page.content()

    staff = UserFactory.create(staff=True)
    totp_enable(staff)
    admin = new_visitor("staff")
    sign_in_as(staff, admin)
    for path in (
        f"/consultations/manage/region/{forum.region.slug}/",
        f"/consultations/manage/region/{forum.region.slug}/new/",
        "/glossary/review/",
    ):
        admin.goto(path)
