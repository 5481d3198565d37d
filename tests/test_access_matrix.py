"""Every URL in the project is declared in tests/access.py, and every declaration holds."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from consultations import services as consultation_services
from consultations.models import Answer, Question
from forums import services as forum_services
from forums.models import MembershipStatus, RepresentativeRole
from glossary import services as glossary_services
from tests.access import ADMIN_NAMESPACE, ROLES, ROUTES
from tests.consultations.conftest import make_consultation
from tests.factories import MembershipFactory, NewsPostFactory, forum_with_lead


def _walk(patterns: list, namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = ":".join(part for part in (namespace, inner) if part) if inner else namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def all_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def observe(response: HttpResponse, tokens: dict[str, str] | None = None) -> str:
    """What a GET gave, with ids as N and known tokens by name, so declarations stay stable."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        path = location.split("?")[0]
        for token, name in (tokens or {}).items():
            path = path.replace(token, name)
        return "->" + re.sub(r"/\d+/", "/N/", path)
    return str(response.status_code)


def _url(name: str, objects: dict[str, object]) -> str:
    """Reverse a URL, filling "{object.attribute}" placeholders from the matrix's objects."""
    kwargs = {}
    for key, value in ROUTES[name].kwargs.items():
        if isinstance(value, str) and value.startswith("{"):
            path = value.strip("{}").split(".")
            value = objects[path[0]]
            for attribute in path[1:]:
                value = getattr(value, attribute)
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def matrix_objects(role_users: dict[str, User | None]) -> dict[str, object]:
    """One forum with a lead, a pending request, members-only news, a representative's seat,
    an invitation and a proposed glossary term: what the declared URLs point at."""
    forum, lead = forum_with_lead("Matrix")
    pending = MembershipFactory(forum=forum, status=MembershipStatus.PENDING)
    seat = RepresentativeRole.objects.create(
        forum=forum, user=lead, board="SEND Partnership Board", term_start="2026-01-01"
    )
    invitation = forum_services.invitation_create(
        forum=forum, email="invited@example.org", role="member", invited_by=lead
    )
    term = glossary_services.glossary_term_propose(
        forum=forum, proposed_by=lead, term="Matrix term", meaning="A term for the matrix."
    )
    consultation = make_consultation(forum, lead, identity_mode="named")
    response = consultation_services.response_start(consultation=consultation, user=lead)
    question = Question.objects.filter(section__consultation=consultation, kind="long_text").get()
    consultation_services.response_save_answers(
        response=response, answers={question: consultation_services.AnswerValue(text="An answer")}
    )
    action = consultation_services.action_create(
        consultation=consultation,
        created_by=lead,
        title="Act",
        owner_type="council",
        owner_name="Council",
    )
    return {
        **role_users,
        "lead": lead,
        "consultation": consultation,
        "open_consultation": make_consultation(forum, lead, audience="open_link"),
        "section": consultation.sections.first(),
        "question": question,
        "answer": Answer.objects.get(response=response),
        "action": action,
        "forum": forum,
        "pending": pending,
        "members_news": NewsPostFactory(forum=forum, visibility="members"),
        "seat": seat,
        "invitation_token": forum_services.invitation_token(invitation),
        "proposed_term": term,
    }


def test_every_url_is_declared() -> None:
    undeclared = sorted(
        name
        for name in all_url_names()
        if name not in ROUTES and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert undeclared == [], f"Declare these URLs in tests/access.py: {undeclared}"
    stale = sorted(set(ROUTES) - all_url_names())
    assert stale == [], f"tests/access.py declares URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_declared_access_holds(name: str, matrix_objects: dict[str, object], make_client) -> None:
    url = _url(name, matrix_objects)
    tokens = {matrix_objects["open_consultation"].open_link_token: "TOKEN"}
    observed = {role: observe(make_client(matrix_objects[role]).get(url), tokens) for role in ROLES}
    assert observed == ROUTES[name].expect


@pytest.mark.django_db
def test_admin_is_staff_only(matrix_objects: dict[str, object], make_client) -> None:
    """Every argument-free admin page sends non-staff to the admin sign-in and opens for staff."""
    names = sorted(
        name
        for name in all_url_names()
        if name.startswith(f"{ADMIN_NAMESPACE}:")
        and "<unnamed" not in name
        and name not in {"admin:login", "admin:logout", "admin:autocomplete"}
        and name not in ROUTES
    )
    checked = 0
    for name in names:
        try:
            url = reverse(name)
        except Exception:  # noqa: S112 (patterns that need an object id are covered by index)
            continue
        checked += 1
        for role in ROLES:
            response = make_client(matrix_objects[role]).get(url)
            if role == "staff":
                assert response.status_code == 200, (name, role)
            else:
                assert response.status_code == 302, (name, role)
                assert response["Location"].startswith("/admin/login/"), (name, role)
    assert checked >= 10
