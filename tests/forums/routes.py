"""Forums in the access matrix (tests/access.py): public pages, joining and leaving, and the
lead's tools."""

from __future__ import annotations

from tests.access import FORUM, Route, changes, everyone, lead_only, signed_in
from tests.dates import gov_date


def members_only(outcome: str) -> dict[str, str]:
    return {**lead_only(outcome), "forum_member": outcome}


ROUTES: dict[str, Route] = {
    # Forums: public pages
    "forums:list": Route(everyone("200"), post=everyone("200")),
    "forums:detail": Route(everyone("200"), FORUM, post=everyone("200")),
    # Members-only news: the forum's members read it; nobody else does.
    "forums:news": Route(
        {**members_only("200"), "anonymous": "login"},
        {**FORUM, "pk": "{members_news.pk}"},
        post=members_only("200"),
    ),
    "forums:invitation_accept": Route(
        everyone("200"),
        {"token": "{invitation_token}"},
        # The invitation is for an address none of the matrix's people have: nobody else's
        # account may take it.
        post=signed_in("403", anonymous="200"),
    ),
    # Forums: joining and leaving (anyone signed in; the service decides who may join)
    "forums:join": Route(
        signed_in("200"),
        FORUM,
        post={
            **signed_in("200"),
            "parent_carer": changes("->/forums/matrix-parent-carer-forum/"),
            "staff": changes("->/forums/matrix-parent-carer-forum/"),
            # Another forum's lead may be a parent carer here too, so asks to join.
            "other_lead": changes("->/forums/matrix-parent-carer-forum/"),
        },
        data={"message": "Hello"},
    ),
    # (the forum's only lead is asked to hand over first; a member leaves)
    "forums:leave": Route(
        {**signed_in("->/forums/matrix-parent-carer-forum/"), "lead": "200", "forum_member": "200"},
        FORUM,
        post={
            **signed_in("->/forums/matrix-parent-carer-forum/"),
            "lead": "200",
            "forum_member": changes("->/forums/matrix-parent-carer-forum/"),
        },
    ),
    # Forums: lead tools, for this forum's leads only
    "forums:members": Route(lead_only(), FORUM, post=lead_only("200")),
    "forums:members_export": Route(signed_in("405"), FORUM, post=lead_only("200"), data={}),
    "forums:member_decide": Route(
        signed_in("405"),
        {**FORUM, "pk": "{pending.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/members/")),
        data={"decision": "approve", "message": "Welcome"},
    ),
    "forums:member_role": Route(
        signed_in("405"),
        {**FORUM, "pk": "{member.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/members/")),
        data={"role": "steering_group"},
    ),
    "forums:member_remove": Route(
        lead_only(),
        {**FORUM, "pk": "{pending.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/members/")),
    ),
    "forums:invite": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/invite/")),
        data={"email": "someone-new@example.org", "role": "member"},
    ),
    "forums:invitation_resend": Route(
        signed_in("405"),
        {**FORUM, "pk": "{sent_yesterday.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/invite/")),
    ),
    "forums:invitation_cancel": Route(
        lead_only(),
        {**FORUM, "pk": "{invitation.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/invite/")),
    ),
    "forums:details_edit": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/")),
        data={"description": "A new description."},
    ),
    "forums:news_manage": Route(lead_only(), FORUM, post=lead_only("200")),
    "forums:news_new": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/news/N/")),
        data={"title": "News", "body": "Some news.", "visibility": "public"},
    ),
    "forums:news_edit": Route(
        lead_only(),
        {**FORUM, "pk": "{members_news.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/news/N/")),
        data={"title": "Changed news", "body": "Some changed news.", "visibility": "members"},
    ),
    "forums:news_delete": Route(
        lead_only(),
        {**FORUM, "pk": "{members_news.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/news/")),
    ),
    "forums:representatives": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/representatives/")),
        data={
            "member": "{lead.pk}",
            "board": "Health board",
            **gov_date("term_start", "2026-09-01"),
        },
    ),
    "forums:representative_end": Route(
        signed_in("405"),
        {**FORUM, "pk": "{seat.pk}"},
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/representatives/")),
    ),
    "forums:engagement": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/engagement/")),
        data={
            "title": "Coffee morning",
            **gov_date("date", "2026-11-02"),
            "method": "coffee_morning",
            "participants": 12,
            "themes": "Waiting",
            "ladder_rung": 4,
        },
    ),
}
