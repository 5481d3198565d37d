"""Short names for the types of shared fixtures, so that test signatures stay on one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeAlias

from django.test import Client

from accounts.models import User
from forums.models import Forum

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    from tests.browser.visitor import Visitor

    # What the test client's get() and post() give; the class exists only in django-stubs.
    TestResponse: TypeAlias = _MonkeyPatchedWSGIResponse

# make_client: a test client signed in as the person (with their second step), or as nobody.
MakeClient = Callable[[User | None], Client]
# gateshead, sunderland: a forum and its lead.
ForumLead = tuple[Forum, User]


class NewVisitor(Protocol):
    """new_visitor: another person's browser at the same width."""

    def __call__(self, label: str | None = None) -> Visitor: ...


class SignInAs(Protocol):
    """sign_in_as: signs the person in, in the visitor's browser (the test's own by default)."""

    def __call__(self, user: User, as_visitor: Visitor | None = None) -> None: ...
