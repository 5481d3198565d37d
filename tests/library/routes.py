"""The library and learning paths in the access matrix (tests/access.py): anyone signed in
reads and ticks steps off; staff and forum leads (and session hosts) look after the library
and see how paths are followed."""

from __future__ import annotations

from tests.access import Route, changes, signed_in

# Staff and every forum's lead are curators (the library is shared by all forums, so the lead
# of another forum looks after the matrix lead's resources too); the other signed-in roles only
# read.
CURATORS = ("staff", "lead", "other_lead")


def curators(outcome: str, others: str = "403") -> dict[str, str]:
    return {**signed_in(others), **dict.fromkeys(CURATORS, outcome)}


RESOURCE = {"pk": "{resource.pk}"}
PATH = {"slug": "{path.slug}"}
STEP = {"slug": "{path.slug}", "pk": "{path_step.pk}"}
BACK_TO_STEP = "->/peer-network/paths/matrix-path/#step-N"
RESOURCE_FORM = {
    "title": "A changed guide",
    "summary": "Still useful.",
    "url": "https://www.example.org/changed",
}

ROUTES: dict[str, Route] = {
    "library:resources": Route(signed_in("200"), post=signed_in("200")),
    "library:resource": Route(signed_in("200"), RESOURCE, post=signed_in("200")),
    "library:resource_download": Route(
        signed_in("200"), {"pk": "{document_resource.pk}"}, post=signed_in("405")
    ),
    "library:resource_new": Route(
        curators("200"),
        post=curators(changes("->/peer-network/library/N/")),
        data=RESOURCE_FORM,
    ),
    "library:resource_edit": Route(
        curators("200"),
        RESOURCE,
        post=curators(changes("->/peer-network/library/N/")),
        data=RESOURCE_FORM,
    ),
    "library:resource_delete": Route(
        curators("200"), RESOURCE, post=curators(changes("->/peer-network/library/"))
    ),
    "library:paths": Route(signed_in("200"), post=signed_in("200")),
    "library:path": Route(signed_in("200"), PATH, post=signed_in("200")),
    "library:path_figures": Route(curators("200"), PATH, post=curators("200")),
    "library:step_done": Route(signed_in("405"), STEP, post=signed_in(changes(BACK_TO_STEP))),
    # Nobody in the matrix has ticked the step, so taking a tick off changes nothing.
    "library:step_undone": Route(signed_in("405"), STEP, post=signed_in(BACK_TO_STEP)),
}
