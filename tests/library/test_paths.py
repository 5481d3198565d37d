"""Learning paths: a person's progress and ticks, and the figures curators see (small numbers
suppressed; names only of the lead's own forum's members)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from forums.models import MembershipStatus
from library import services
from library.models import LearningPath, StepCompletion
from library.selectors import path_figures, path_progress_for
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.library.factories import make_path, make_session
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def tick(path: LearningPath, user: User, steps: int) -> None:
    for step in path.steps.order_by("position")[:steps]:
        services.step_mark_done(step=step, user=user)


def test_the_path_page_shows_progress_and_marks_steps_done_and_not_done(
    staff: User, parent: User, make_client: MakeClient
) -> None:
    path = make_path(staff, 5)
    tick(path, parent, 3)
    client = make_client(parent)
    url = reverse("library:path", args=[path.slug])
    page = client.get(url).content.decode()
    assert "3 of 5 steps done" in page
    assert len(re.findall(r'-status">\s*Done\s*</div>', page)) == 3
    assert len(re.findall(r'govuk-tag--blue">Not done<', page)) == 2

    fourth = path.steps.get(position=4)
    done_url = reverse("library:step_done", args=[path.slug, fourth.pk])
    response = client.post(done_url)
    assert response["Location"] == f"{url}#step-4"
    client.post(done_url)  # a second press changes nothing
    assert StepCompletion.objects.filter(user=parent, step=fourth).count() == 1
    assert "4 of 5 steps done" in client.get(url).content.decode()

    client.post(reverse("library:step_undone", args=[path.slug, fourth.pk]))
    client.post(reverse("library:step_undone", args=[path.slug, fourth.pk]))
    assert "3 of 5 steps done" in client.get(url).content.decode()


def test_a_step_of_another_path_is_not_found(
    staff: User, parent: User, make_client: MakeClient
) -> None:
    one = make_path(staff, 1, slug="one", title="One")
    other = make_path(staff, 1, slug="other", title="Other")
    step = other.steps.get()
    response = make_client(parent).post(reverse("library:step_done", args=[one.slug, step.pk]))
    assert response.status_code == 404
    assert not StepCompletion.objects.exists()


def test_a_session_step_shows_its_title_and_time(
    staff: User, parent: User, make_client: MakeClient
) -> None:
    session = make_session("Meet your ICB")
    path = services.learning_path_ensure(
        title="With a session",
        slug="with-a-session",
        purpose="x",
        audience="everyone",  # type: ignore[arg-type]
        steps=[services.StepPlan(session=session, note="Bring questions")],
    )
    page = make_client(parent).get(reverse("library:path", args=[path.slug])).content.decode()
    assert "Meet your ICB" in page and "Peer Network session" in page and "Bring questions" in page


def test_path_progress_for_a_person_in_one_query(
    staff: User, parent: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    first = make_path(staff, 4, slug="first", title="First")
    second = make_path(staff, 2, slug="second", title="Second")
    make_path(staff, 1, slug="third", title="Third")
    tick(first, parent, 2)
    tick(second, parent, 2)
    tick(first, staff, 4)
    with django_assert_max_num_queries(1):
        progress = path_progress_for(parent)
    assert [(p.path.slug, p.steps_done, p.steps_total) for p in progress] == [
        ("first", 2, 4),
        ("second", 2, 2),
        ("third", 0, 1),
    ]
    assert [p.finished for p in progress] == [False, True, False]
    started = path_progress_for(parent, started_only=True)
    assert [p.path.slug for p in started] == ["first", "second"]


def test_the_list_of_paths_shows_each_persons_progress(
    staff: User, parent: User, make_client: MakeClient
) -> None:
    path = make_path(staff, 3)
    tick(path, parent, 1)
    page = make_client(parent).get(reverse("library:paths")).content.decode()
    assert "1 of 3 steps done" in page and "Started" in page


def test_fewer_than_five_followers_show_no_numbers(staff: User, make_client: MakeClient) -> None:
    path = make_path(staff, 2)
    for _ in range(4):
        tick(path, UserFactory.create(), 2)
    figures = path_figures(path, viewer=staff)
    assert figures.table.too_few and figures.started == "Too few people to show"
    page = (
        make_client(staff).get(reverse("library:path_figures", args=[path.slug])).content.decode()
    )
    assert "Too few" in page and "Finished every step" not in page


def test_a_small_number_finished_is_hidden_with_its_complement(staff: User) -> None:
    path = make_path(staff, 3)
    for _ in range(2):
        tick(path, UserFactory.create(), 3)
    for _ in range(6):
        tick(path, UserFactory.create(), 1)
    figures = path_figures(path, viewer=staff)
    assert figures.started == "8"
    assert figures.table["Finished every step"].suppressed
    # With the total known, hiding one count alone would give it away.
    assert figures.table["Still going"].suppressed


def test_larger_numbers_are_shown(staff: User) -> None:
    path = make_path(staff, 2)
    for _ in range(5):
        tick(path, UserFactory.create(), 2)
    for _ in range(7):
        tick(path, UserFactory.create(), 1)
    figures = path_figures(path, viewer=staff)
    assert figures.started == "12"
    assert figures.table["Finished every step"].count == "5"
    assert figures.table["Still going"].count == "7"
    assert figures.followers == []  # staff see figures, not names


def test_a_lead_sees_the_names_of_their_own_members_only(
    staff: User, gateshead: ForumLead, sunderland: ForumLead, make_client: MakeClient
) -> None:
    forum, lead = gateshead
    other_forum, _ = sunderland
    path = make_path(staff, 2)
    ours = UserFactory.create(full_name="Ann Member")
    MembershipFactory.create(forum=forum, user=ours)
    left = UserFactory.create(full_name="Lee Left")
    MembershipFactory.create(forum=forum, user=left, status=MembershipStatus.LEFT)
    theirs = UserFactory.create(full_name="Sam Elsewhere")
    MembershipFactory.create(forum=other_forum, user=theirs)
    for person in (ours, left, theirs):
        tick(path, person, 1)
    page = make_client(lead).get(reverse("library:path_figures", args=[path.slug])).content.decode()
    assert "Ann Member" in page and "1 of 2" in page
    assert "Lee Left" not in page and "Sam Elsewhere" not in page


def test_a_session_host_sees_figures_but_no_names(
    staff: User, gateshead: ForumLead, make_client: MakeClient
) -> None:
    forum, _ = gateshead
    host = UserFactory.create()
    make_session(hosts=(host,))
    path = make_path(staff, 1)
    member = UserFactory.create(full_name="Ann Member")
    MembershipFactory.create(forum=forum, user=member)
    tick(path, member, 1)
    response = make_client(host).get(reverse("library:path_figures", args=[path.slug]))
    assert response.status_code == 200
    assert "Ann Member" not in response.content.decode()


@pytest.mark.parametrize(("steps", "people"), [(2, 3), (8, 30)])
def test_path_pages_query_counts_do_not_grow(
    steps: int,
    people: int,
    staff: User,
    gateshead: ForumLead,
    make_client: MakeClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    path = make_path(staff, steps)
    for n in range(people):
        person = UserFactory.create()
        MembershipFactory.create(forum=forum, user=person)
        tick(path, person, 1 + n % steps)
    client = make_client(lead)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("library:path", args=[path.slug])).content.decode()
    assert f"0 of {steps} steps done" in page
    with django_assert_max_num_queries(11):
        page = client.get(reverse("library:path_figures", args=[path.slug])).content.decode()
    assert page.count("govuk-table__row") == people + 1
    with django_assert_max_num_queries(7):
        client.get(reverse("library:paths"))
