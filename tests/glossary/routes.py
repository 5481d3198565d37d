"""The glossary in the access matrix (tests/access.py): the public index, staff review, and a
lead proposing a forum's term."""

from __future__ import annotations

from tests.access import FORUM, Route, changes, everyone, lead_only, staff_only

ROUTES: dict[str, Route] = {
    "glossary:index": Route(everyone("200"), post=everyone("200")),
    "glossary:review": Route(staff_only(), post=staff_only("200")),
    "glossary:decide": Route(
        staff_only("405"),
        {"pk": "{proposed_term.pk}"},
        post=staff_only(changes("->/glossary/review/")),
        data={"decision": "approve"},
        owner="staff",  # staff decide on a proposed term
    ),
    # A lead's tool for their forum's own terms
    "glossary:propose": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/glossary/")),
        data={"term": "New term", "meaning": "What it means."},
    ),
}
