"""Dashboards in the access matrix (tests/access.py). The matrix's commissioner is scoped to the
matrix forum's council area (see matrix_objects); staff see every area. Parent carers,
practitioners and forum leads are refused every dashboard and download."""

from __future__ import annotations

from tests.access import Route, changes, everyone, signed_in, staff_only


def commissioners_and_staff(outcome: str = "200") -> dict[str, str]:
    return {**signed_in("403"), "commissioner": outcome, "staff": outcome}


ROUTES: dict[str, Route] = {
    "dashboards:overview": Route(commissioners_and_staff(), post=signed_in("405")),
    "dashboards:page": Route(
        commissioners_and_staff(),
        {"slug": "early-response"},
        post=signed_in("405"),
        owner="commissioner",
    ),
    "dashboards:export": Route(
        commissioners_and_staff(),
        {"slug": "voice", "table": "consultations"},
        post=signed_in("405"),
        owner="commissioner",
    ),
    "dashboards:disclosure": Route(everyone("200"), post=everyone("405")),
    "dashboards:scopes": Route(staff_only(), post=signed_in("405")),
    "dashboards:scope_edit": Route(
        staff_only(),
        {"pk": "{commissioner.pk}"},
        post={**signed_in("403"), "staff": changes("->/dashboards/scopes/")},
        data={"region": "{forum.region.pk}"},
        owner="staff",  # staff set each commissioner's scope
    ),
}
