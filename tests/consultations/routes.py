"""Consultations in the access matrix (tests/access.py): answering, by members and by open
link, what changed, and the lead's tools."""

from __future__ import annotations

from tests.access import FORUM, Route, changes, everyone, lead_only, signed_in, staff_only
from tests.dates import gov_date

CONSULTATION = {"pk": "{consultation.pk}"}
OPEN = {"token": "{open_consultation.open_link_token}"}
# The builder's routes point at a draft (questions change only then), publishing at a closed one.
DRAFT = {"pk": "{draft.pk}"}
CLOSED = {"pk": "{closed_consultation.pk}"}
DATES = {**gov_date("opens_on", "2027-01-04"), **gov_date("closes_on", "2027-02-26")}
NEW_CONSULTATION = {
    **DATES,
    "title": "New",
    "summary": "About new things.",
    "audience": "members",
    "respondent_types": "parent_carers",
    "identity_mode": "anonymous",
}


# Another member of the forum may answer too, but has not started: back to the start page. (Only
# the lead's own draft is ever shown to the lead; another forum's lead is refused.)
NOT_STARTED = {"forum_member": "->/consultations/N/"}

ROUTES: dict[str, Route] = {
    # Consultations: answering (the matrix forum's lead is also its member, so may answer)
    "consultations:list": Route(everyone("200"), post=everyone("200")),
    "consultations:answer_start": Route(
        {**lead_only(), "anonymous": "login", "forum_member": "200"},
        CONSULTATION,
        post={
            **lead_only("->/consultations/N/page/N/"),
            "forum_member": changes("->/consultations/N/page/N/"),
        },
    ),
    # (the lead has started but not sent an answer)
    "consultations:answer_section": Route(
        {**lead_only(), "anonymous": "login", **NOT_STARTED},
        {**CONSULTATION, "number": 1},
        post={**lead_only(changes("->/consultations/N/page/N/")), **NOT_STARTED},
        data={"q{age_question.pk}": "{age_choice.pk}"},
    ),
    "consultations:answer_check": Route(
        {**lead_only(), "anonymous": "login", **NOT_STARTED},
        CONSULTATION,
        post={**lead_only(changes("->/consultations/N/sent/")), **NOT_STARTED},
        data={"quote_consent": "yes"},
    ),
    "consultations:answer_done": Route(
        {**signed_in("403"), "lead": "->/consultations/N/", **NOT_STARTED},
        CONSULTATION,
        post={**lead_only("->/consultations/N/"), **NOT_STARTED},
    ),
    "consultations:open_start": Route(
        everyone("200"), OPEN, post=everyone(changes("->/consultations/open/TOKEN/page/N/"))
    ),
    "consultations:open_section": Route(
        everyone("->/consultations/open/TOKEN/"),
        {**OPEN, "number": 1},
        post=everyone("->/consultations/open/TOKEN/"),
    ),
    "consultations:open_check": Route(
        everyone("->/consultations/open/TOKEN/"),
        OPEN,
        post=everyone("->/consultations/open/TOKEN/"),
    ),
    "consultations:open_done": Route(
        everyone("->/consultations/open/TOKEN/"),
        OPEN,
        post=everyone("->/consultations/open/TOKEN/"),
    ),
    "consultations:open_resume": Route(
        everyone("404"), {**OPEN, "browser_token": "made-up"}, post=everyone("404")
    ),
    # (the matrix consultation is named, so there is no change code: back to its first page)
    "consultations:answer_change": Route(
        {**signed_in("403"), "lead": "->/consultations/N/", "anonymous": "login", **NOT_STARTED},
        CONSULTATION,
        post={**lead_only("->/consultations/N/"), **NOT_STARTED},
    ),
    "consultations:open_change": Route(everyone("200"), OPEN, post=everyone("200")),
    "consultations:open_carry_on": Route(everyone("200"), OPEN, post=everyone("200")),
    # Without a draft in this browser there is no code to email: back to the start page.
    "consultations:open_email_code": Route(
        everyone("->/consultations/open/TOKEN/"),
        OPEN,
        post=everyone("->/consultations/open/TOKEN/"),
    ),
    # Consultations: what changed (public), results (published only)
    "consultations:impact": Route(everyone("200"), CONSULTATION, post=everyone("200")),
    "consultations:published_results": Route(everyone("404"), CONSULTATION, post=everyone("404")),
    "consultations:forum_impact": Route(everyone("200"), FORUM, post=everyone("200")),
    # Consultations: lead tools, for the owning forum's leads only
    "consultations:manage_list": Route(lead_only(), FORUM, post=lead_only("200")),
    "consultations:region_manage_list": Route(
        staff_only(),
        {"slug": "{forum.region.slug}"},
        post=staff_only("200"),
        owner="staff",
    ),
    "consultations:region_new": Route(
        staff_only(),
        {"slug": "{forum.region.slug}"},
        post=staff_only(changes("->/consultations/N/manage/")),
        data=NEW_CONSULTATION,
        owner="staff",
    ),
    "consultations:new": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/consultations/N/manage/")),
        data=NEW_CONSULTATION,
    ),
    "consultations:from_template": Route(
        lead_only(), FORUM, post=lead_only(changes("->/consultations/N/manage/")), data=DATES
    ),
    # Old addresses of a forum's consultation tools send people to the new ones
    "consultations:moved_manage_list": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/"),
        FORUM,
        post=everyone("->/forums/matrix-parent-carer-forum/manage/consultations/"),
    ),
    "consultations:moved_new": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/new/"),
        FORUM,
        post=everyone("->/forums/matrix-parent-carer-forum/manage/consultations/new/"),
    ),
    "consultations:moved_from_template": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/from-template/"),
        FORUM,
        post=everyone("->/forums/matrix-parent-carer-forum/manage/consultations/from-template/"),
    ),
    "consultations:builder": Route(lead_only(), DRAFT, post=lead_only("200")),
    "consultations:edit": Route(
        lead_only(),
        DRAFT,
        post=lead_only(changes("->/consultations/N/manage/")),
        data={**NEW_CONSULTATION, "title": "Renamed"},
    ),
    "consultations:section_add": Route(
        signed_in("405"),
        DRAFT,
        post=lead_only(changes("->/consultations/N/manage/")),
        data={"title": "Another page"},
    ),
    "consultations:section_edit": Route(
        lead_only(),
        {**DRAFT, "section_pk": "{draft_section.pk}"},
        post=lead_only(changes("->/consultations/N/manage/")),
        data={"title": "Renamed page"},
    ),
    "consultations:section_action": Route(
        signed_in("405"),
        {**DRAFT, "section_pk": "{draft_section.pk}"},
        post=lead_only(changes("->/consultations/N/manage/")),
        data={"action": "delete"},
    ),
    "consultations:question_new": Route(
        lead_only(),
        {**DRAFT, "section_pk": "{draft_section.pk}"},
        post=lead_only(changes("->/consultations/N/manage/#section-N")),
        data={"kind": "short_text", "text": "Another question"},
    ),
    "consultations:question_edit": Route(
        lead_only(),
        {**DRAFT, "question_pk": "{draft_question.pk}"},
        post=lead_only(changes("->/consultations/N/manage/#section-N")),
        data={"kind": "short_text", "text": "Reworded question"},
    ),
    "consultations:question_action": Route(
        signed_in("405"),
        {**DRAFT, "question_pk": "{draft_question.pk}"},
        post=lead_only(changes("->/consultations/N/manage/#section-N")),
        data={"action": "delete"},
    ),
    "consultations:preview": Route(
        lead_only(), {**DRAFT, "number": 1}, post=lead_only("->/consultations/N/manage/")
    ),
    # Opening and closing ask first (GET), then act (POST).
    "consultations:launch": Route(
        lead_only("200"), DRAFT, post=lead_only(changes("->/consultations/N/manage/"))
    ),
    "consultations:close": Route(
        lead_only("200"),
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/manage/results/")),
    ),
    "consultations:results": Route(lead_only(), CONSULTATION, post=lead_only("200")),
    "consultations:export": Route(
        signed_in("405"), {**CONSULTATION, "file_format": "csv"}, post=lead_only("200")
    ),
    # A large export's progress page and file are for the lead who asked for it (the matrix's
    # job is the lead's own, finished); anyone else who runs the consultation gets a 404.
    "consultations:export_job": Route(
        lead_only(), {**CONSULTATION, "job_pk": "{export_job.pk}"}, post=lead_only("200")
    ),
    "consultations:export_download": Route(
        lead_only(), {**CONSULTATION, "job_pk": "{export_job.pk}"}, post=lead_only("200")
    ),
    "consultations:themes": Route(
        lead_only(),
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/manage/themes/")),
        data={"name": "Schools"},
    ),
    # (the matrix consultation has one sent answer to its free-text question, whose author
    # agreed to be quoted)
    "consultations:theme_coding": Route(
        lead_only(),
        {**CONSULTATION, "question_pk": "{question.pk}"},
        post=lead_only(changes("->/consultations/N/manage/themes/questions/N/")),
        data={"answers": ["{sent_answer.pk}"], "themes": ["{theme.pk}"], "action": "add"},
    ),
    "consultations:answer_quote": Route(
        signed_in("405"),
        {**CONSULTATION, "answer_pk": "{sent_answer.pk}"},
        post=lead_only(changes("->/consultations/N/manage/themes/questions/N/")),
        data={"quote": "yes"},
    ),
    "consultations:publish": Route(
        lead_only(),
        CLOSED,
        post=lead_only(changes("->/consultations/N/impact/")),
        data={"audience": "public", "you_said": "You told us about waits."},
    ),
    "consultations:actions": Route(
        lead_only(),
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/manage/actions/")),
        data={
            "title": "Shorter waits",
            "owner_type": "council",
            "owner_name": "Council",
            "status": "planned",
        },
    ),
    "consultations:action_status": Route(
        signed_in("405"),
        {**CONSULTATION, "action_pk": "{action.pk}"},
        post=lead_only(changes("->/consultations/N/manage/actions/")),
        data={"status": "done"},
    ),
}
