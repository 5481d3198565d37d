"""The access matrix: every URL pattern in the project, with who may reach it.

Each app declares the routes of its own URL names in ``tests/<app>/routes.py`` (``ROUTES``);
allauth's and the admin's sign-in are declared with accounts. Each route declares what a GET
gives (``expect``) and what a POST gives (``post``) for every role: "200", "403", "404", "405", "login" (sent to sign in), or "->/path" for any other redirect. A POST
outcome ends in " changes" when that POST changed something (rows, emails, queued work); every
other POST must change nothing. ``data`` is a valid form for the POST, so that refusals are
refusals of the person rather than of the form. Every URL pattern must be declared;
tests/test_access_matrix.py fails on one that is not, and checks each declaration against the
running project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# "lead" is a parent carer who leads the forum the URL is about (see matrix_objects);
# "forum_member" is another member of that forum, and "other_lead" leads a different forum.
ROLES = (
    "anonymous",
    "parent_carer",
    "practitioner",
    "commissioner",
    "staff",
    "lead",
    "forum_member",
    "other_lead",
)


# Added to a POST outcome when the POST changed something.
CHANGES = " changes"


# Every URL that takes an id (or a slug, or a token) is checked with at least these five: nobody
# signed in, the person the object belongs to (the route's ``owner``, one of ROLES), another
# member of the same forum, the lead of another forum, and a commissioner.
FIVE_ACTORS = ("anonymous", "owner", "forum_member", "other_lead", "commissioner")


@dataclass(frozen=True)
class Route:
    expect: dict[str, str]
    kwargs: Mapping[str, object] = field(default_factory=dict)
    post: dict[str, str] | None = None
    data: Mapping[str, object] = field(default_factory=dict)
    # Whose the object is: for most URLs with an id, the lead of the matrix forum, who made it.
    owner: str = "lead"


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str, anonymous: str = "login") -> dict[str, str]:
    return {**dict.fromkeys(ROLES, outcome), "anonymous": anonymous}


def staff_only(outcome: str = "200") -> dict[str, str]:
    return {**signed_in("403"), "staff": outcome}


def lead_only(outcome: str = "200") -> dict[str, str]:
    return {**signed_in("403"), "lead": outcome}


def changes(outcome: str) -> str:
    """A POST outcome that changed something."""
    return outcome + CHANGES


# The forum a URL is about, for any app's routes.
FORUM = {"slug": "{forum.slug}"}

# The Django admin is for staff only. Each of its patterns is checked by
# test_admin_is_staff_only rather than declared one by one, unless declared by an app.
ADMIN_NAMESPACE = "admin"


class RouteDeclaredTwice(Exception):
    """Two apps declare the same URL name: one of them would silently win."""


def routes_merge(declared: dict[str, dict[str, Route]]) -> dict[str, Route]:
    """One dict of every route from each app's own (``declared`` maps an app to its routes)."""
    merged: dict[str, Route] = {}
    owner: dict[str, str] = {}
    for app, routes in declared.items():
        for name, route in routes.items():
            if name in merged:
                raise RouteDeclaredTwice(f"{name!r} is declared by both {owner[name]} and {app}")
            merged[name] = route
            owner[name] = app
    return merged


def routes_declared() -> dict[str, dict[str, Route]]:
    """Each app's declared routes, by app. Imported here rather than at the top because each
    routes module imports Route and the helpers above."""
    from tests.accounts.routes import ROUTES as accounts
    from tests.consultations.routes import ROUTES as consultations
    from tests.dashboards.routes import ROUTES as dashboards
    from tests.forums.routes import ROUTES as forums
    from tests.front.routes import ROUTES as front
    from tests.glossary.routes import ROUTES as glossary
    from tests.library.routes import ROUTES as library
    from tests.notifications.routes import ROUTES as notifications
    from tests.peer_network.routes import ROUTES as peer_network
    from tests.privacy.routes import ROUTES as privacy
    from tests.programmes.routes import ROUTES as programmes
    from tests.raised.routes import ROUTES as raised

    return {
        "front": front,
        "accounts": accounts,
        "forums": forums,
        "glossary": glossary,
        "consultations": consultations,
        "peer_network": peer_network,
        "library": library,
        "raised": raised,
        "notifications": notifications,
        "programmes": programmes,
        "dashboards": dashboards,
        "privacy": privacy,
    }


def routes_all() -> dict[str, Route]:
    """Every declared route, failing loudly if two apps declare one URL name."""
    return routes_merge(routes_declared())
