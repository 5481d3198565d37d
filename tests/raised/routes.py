"""Raised matters in the access matrix (tests/access.py). The matrix forum has raised
``matter`` (seen by its members and the partner) with a partner whose contact is the matrix's
practitioner; the matrix's commissioner answers for another of its partners, so reads every
matter of the forum but answers none of this one."""

from __future__ import annotations

from tests.access import FORUM, Route, changes, everyone, lead_only, signed_in
from tests.dates import gov_date

MATTER = {"pk": "{matter.pk}"}
TO_MATTER = "->/raised/N/"

ROUTES: dict[str, Route] = {
    "raised:forum_list": Route(lead_only(), FORUM, post=everyone("405")),
    "raised:new": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes(TO_MATTER)),
        data={
            "title": "Matrix matter",
            "description": "For the matrix.",
            "area_of_life": "health",
            "council_area": "{matrix_area.pk}",
            "families": "6",
            **gov_date("families_since", "2026-01-01"),
            "partner": "{partner.pk}",
            "visibility": "partners",
        },
    ),
    "raised:partners": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/partners/")),
        data={
            "name": "Another partner",
            "kind": "voluntary",
            "contact_email": "{practitioner.email}",
            "response_days": "15",
        },
    ),
    "raised:forum_public": Route(everyone("200"), FORUM, post=everyone("405")),
    "raised:region_public": Route(
        everyone("200"), {"slug": "{forum.region.slug}"}, post=everyone("405")
    ),
    "raised:yours": Route(signed_in("200"), post=everyone("405")),
    "raised:detail": Route(
        # The forum's members read its matters; another forum's lead does not find them.
        {**everyone("200"), "anonymous": "404", "parent_carer": "404", "other_lead": "404"},
        MATTER,
        post=everyone("405"),
    ),
    "raised:update": Route(
        everyone("405"),
        MATTER,
        post={
            **signed_in("403"),
            "parent_carer": "404",
            "other_lead": "404",
            "practitioner": changes(TO_MATTER),
            "lead": changes(TO_MATTER),
        },
        data={"body": "An update"},
    ),
    "raised:step": Route(
        everyone("405"),
        MATTER,
        post={
            **signed_in("403"),
            "parent_carer": "404",
            "other_lead": "404",
            "practitioner": changes(TO_MATTER),
        },
        data={"step": "acknowledge", "body": ""},
        owner="practitioner",  # the partner's contact
    ),
}
