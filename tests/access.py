"""The access matrix: every URL pattern in the project, with who may reach it.

Each route declares what a GET gives (``expect``) and what a POST gives (``post``) for every role:
"200", "403", "404", "405", "login" (sent to sign in), or "->/path" for any other redirect. A POST
outcome ends in " changes" when that POST changed something (rows, emails, queued work); every
other POST must change nothing. ``data`` is a valid form for the POST, so that refusals are
refusals of the person rather than of the form. Every URL pattern must be declared here;
tests/test_access_matrix.py fails on one that is not, and checks each declaration against the
running project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# "lead" is a parent carer who leads the forum the URL is about (see matrix_objects).
ROLES = ("anonymous", "parent_carer", "practitioner", "commissioner", "staff", "lead")


# Added to a POST outcome when the POST changed something.
CHANGES = " changes"


@dataclass(frozen=True)
class Route:
    expect: dict[str, str]
    kwargs: dict[str, object] = field(default_factory=dict)
    post: dict[str, str] | None = None
    data: dict[str, object] = field(default_factory=dict)


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


FORUM = {"slug": "{forum.slug}"}
CONSULTATION = {"pk": "{consultation.pk}"}
OPEN = {"token": "{open_consultation.open_link_token}"}
# The builder's routes point at a draft (questions change only then), publishing at a closed one.
DRAFT = {"pk": "{draft.pk}"}
CLOSED = {"pk": "{closed_consultation.pk}"}
PASSWORD = "a-long-test-password-1"  # every matrix person's (tests/accounts/factories.py)
NEW_PASSWORD = "another-long-password-2"
DATES = {"opens_on": "2027-01-04", "closes_on": "2027-02-26"}
NEW_CONSULTATION = {
    **DATES,
    "title": "New",
    "summary": "About new things.",
    "audience": "members",
    "respondent_types": "parent_carers",
    "identity_mode": "anonymous",
}


ROUTES: dict[str, Route] = {
    # Public pages
    "home": Route(everyone("200"), post=everyone("200")),
    "healthz": Route(everyone("200"), post=everyone("405")),
    "accessibility": Route(everyone("200"), post=everyone("200")),
    "privacy": Route(everyone("200"), post=everyone("200")),
    "cookies": Route(everyone("200"), post=everyone("200")),
    # Accounts: the person's own pages
    "profile": Route(signed_in("200"), post=signed_in("200")),
    "profile_details_edit": Route(
        signed_in("200"),
        post=signed_in(changes("->/accounts/profile/")),
        data={"full_name": "A New Name", "sector": "health", "organisation": "An Org"},
    ),
    "consent_give": Route(
        signed_in("200"), {"slug": "children"}, post=signed_in(changes("->/accounts/profile/"))
    ),
    "consent_withdraw": Route(
        signed_in("200"), {"slug": "children"}, post=signed_in("->/accounts/profile/")
    ),
    # Staff decide role requests
    "approvals": Route(staff_only(), post=staff_only("200")),
    "approval_decide": Route(
        staff_only("405"),
        {"pk": "{pending_practitioner.pk}"},
        post=staff_only(changes("->/accounts/approvals/")),
        data={"decision": "approve"},
    ),
    "member_profile_edit": Route(
        signed_in("200"),
        post=signed_in(changes("->/accounts/profile/")),
        data={"preferred_format": "large_print"},
    ),
    # Forums: public pages
    "forums:list": Route(everyone("200"), post=everyone("200")),
    "forums:detail": Route(everyone("200"), FORUM, post=everyone("200")),
    "forums:news": Route(
        {**lead_only("200"), "anonymous": "login"},
        {**FORUM, "pk": "{members_news.pk}"},
        post=lead_only("200"),
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
        },
        data={"message": "Hello"},
    ),
    "forums:leave": Route(
        {**signed_in("->/forums/matrix-parent-carer-forum/"), "lead": "200"},
        FORUM,
        post={**signed_in("->/forums/matrix-parent-carer-forum/"), "lead": "200"},
    ),
    # Forums: lead tools, for this forum's leads only
    "forums:members": Route(lead_only(), FORUM, post=lead_only("200")),
    "forums:members_export": Route(
        signed_in("405"), FORUM, post=lead_only(changes("200")), data={}
    ),
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
    "forums:details_edit": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/")),
        data={"description": "A new description."},
    ),
    "forums:news_new": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/news/N/")),
        data={"title": "News", "body": "Some news.", "visibility": "public"},
    ),
    "forums:representatives": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/representatives/")),
        data={"member": "{lead.pk}", "board": "Health board", "term_start": "2026-09-01"},
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
            "date": "2026-11-02",
            "method": "coffee_morning",
            "participants": 12,
            "themes": "Waiting",
            "ladder_rung": 4,
        },
    ),
    "glossary:propose": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes("->/forums/matrix-parent-carer-forum/manage/glossary/")),
        data={"term": "New term", "meaning": "What it means."},
    ),
    # Consultations: answering (the matrix forum's lead is also its member, so may answer)
    "consultations:list": Route(everyone("200"), post=everyone("200")),
    "consultations:answer_start": Route(
        {**lead_only(), "anonymous": "login"},
        CONSULTATION,
        post=lead_only("->/consultations/N/page/N/"),
    ),
    # (the lead has started but not sent an answer)
    "consultations:answer_section": Route(
        {**lead_only(), "anonymous": "login"},
        {**CONSULTATION, "number": 1},
        post=lead_only(changes("->/consultations/N/page/N/")),
        data={"q{age_question.pk}": "{age_choice.pk}"},
    ),
    "consultations:answer_check": Route(
        {**lead_only(), "anonymous": "login"},
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/sent/")),
        data={"quote_consent": "yes"},
    ),
    "consultations:answer_done": Route(
        {**signed_in("403"), "lead": "->/consultations/N/"},
        CONSULTATION,
        post=lead_only("->/consultations/N/"),
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
        {**signed_in("403"), "lead": "->/consultations/N/", "anonymous": "login"},
        CONSULTATION,
        post=lead_only("->/consultations/N/"),
    ),
    "consultations:open_change": Route(everyone("200"), OPEN, post=everyone("200")),
    "consultations:open_carry_on": Route(everyone("200"), OPEN, post=everyone("200")),
    # Consultations: what changed (public), results (published only)
    "consultations:impact": Route(everyone("200"), CONSULTATION, post=everyone("200")),
    "consultations:published_results": Route(everyone("404"), CONSULTATION, post=everyone("404")),
    "consultations:forum_impact": Route(everyone("200"), FORUM, post=everyone("200")),
    # Consultations: lead tools, for the owning forum's leads only
    "consultations:manage_list": Route(lead_only(), FORUM, post=lead_only("200")),
    "consultations:region_manage_list": Route(
        staff_only(), {"slug": "{forum.region.slug}"}, post=staff_only("200")
    ),
    "consultations:region_new": Route(
        staff_only(),
        {"slug": "{forum.region.slug}"},
        post=staff_only(changes("->/consultations/N/manage/")),
        data=NEW_CONSULTATION,
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
    "consultations:launch": Route(
        signed_in("405"), DRAFT, post=lead_only(changes("->/consultations/N/manage/"))
    ),
    "consultations:close": Route(
        signed_in("405"),
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/manage/results/")),
    ),
    "consultations:results": Route(lead_only(), CONSULTATION, post=lead_only("200")),
    "consultations:export": Route(
        signed_in("405"), {**CONSULTATION, "file_format": "csv"}, post=lead_only(changes("200"))
    ),
    "consultations:themes": Route(
        lead_only(),
        CONSULTATION,
        post=lead_only(changes("->/consultations/N/manage/themes/")),
        data={"name": "Schools"},
    ),
    "consultations:answer_code": Route(
        signed_in("405"),
        {**CONSULTATION, "answer_pk": "{answer.pk}"},
        post=lead_only(changes("->/consultations/N/manage/themes/#answer-N")),
        data={"themes": ["{theme.pk}"]},
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
    # Glossary
    "glossary:index": Route(everyone("200"), post=everyone("200")),
    "glossary:review": Route(staff_only(), post=staff_only("200")),
    "glossary:decide": Route(
        staff_only("405"),
        {"pk": "{proposed_term.pk}"},
        post=staff_only(changes("->/glossary/review/")),
        data={"decision": "approve"},
    ),
    # allauth: signing in and out, signing up, email and password
    "account_login": Route(
        signed_in("->/", anonymous="200"),
        post=signed_in("->/", anonymous=changes("->/")),
        data={"login": "parent-carer@example.org", "password": PASSWORD},
    ),
    "account_logout": Route(signed_in("200", anonymous="->/"), post=everyone("->/")),
    "account_signup": Route(
        signed_in("->/", anonymous="200"),
        post=signed_in("->/", anonymous=changes("->/accounts/confirm-email/")),
        data={
            "full_name": "Jo Parent",
            "email": "jo@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role": "parent_carer",
            "privacy_notice_agreed": "on",
        },
    ),
    "account_inactive": Route(everyone("200"), post=everyone("405")),
    "account_email_verification_sent": Route(everyone("200"), post=everyone("405")),
    "account_confirm_email": Route(
        everyone("200"), {"key": "not-a-real-key"}, post=everyone("404")
    ),
    "account_email": Route(
        signed_in("200"),
        post={**signed_in("->/accounts/reauthenticate/"), "commissioner": "200", "staff": "200"},
        data={"email": "another-address@example.org", "action_add": ""},
    ),
    "account_change_password": Route(
        signed_in("200"),
        post=signed_in(changes("->/accounts/password/change/")),
        data={"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "account_set_password": Route(
        signed_in("->/accounts/password/change/"), post=signed_in("->/accounts/password/change/")
    ),
    "account_reset_password": Route(
        everyone("200"),
        post=everyone(changes("->/accounts/password/reset/done/")),
        data={"email": "parent-carer@example.org"},
    ),
    "account_reset_password_done": Route(everyone("200"), post=everyone("405")),
    "account_reset_password_from_key": Route(
        everyone("200"),
        {"uidb36": "0", "key": "bad-key"},
        post=everyone("200"),
    ),
    "account_reset_password_from_key_done": Route(everyone("200"), post=everyone("405")),
    "account_reauthenticate": Route(
        signed_in("200"), post=signed_in("->/"), data={"password": PASSWORD}
    ),
    "account_request_reauthentication_code": Route(signed_in("200"), post=signed_in("200")),
    "account_confirm_reauthentication_code": Route(
        signed_in("->/accounts/reauthenticate/code/"),
        post=signed_in("->/accounts/reauthenticate/code/"),
    ),
    "account_confirm_login_code": Route(signed_in("->/"), post=signed_in("->/")),
    # allauth: two-step verification. Changing it always asks for the password again first.
    "mfa_index": Route(signed_in("200"), post=signed_in("405")),
    "mfa_authenticate": Route(signed_in("->/"), post=signed_in("->/")),
    "mfa_reauthenticate": Route(
        {
            **signed_in("->/accounts/reauthenticate/"),
            "commissioner": "200",
            "staff": "200",
        },
        post={**signed_in("->/accounts/reauthenticate/"), "commissioner": "200", "staff": "200"},
    ),
    "mfa_activate_totp": Route(
        signed_in("->/accounts/reauthenticate/"), post=signed_in("->/accounts/reauthenticate/")
    ),
    "mfa_deactivate_totp": Route(
        {
            **signed_in("404"),
            "commissioner": "->/accounts/reauthenticate/",
            "staff": "->/accounts/reauthenticate/",
        },
        post={
            **signed_in("404"),
            "commissioner": "->/accounts/reauthenticate/",
            "staff": "->/accounts/reauthenticate/",
        },
    ),
    "mfa_generate_recovery_codes": Route(
        signed_in("->/accounts/reauthenticate/"), post=signed_in("->/accounts/reauthenticate/")
    ),
    "mfa_view_recovery_codes": Route(signed_in("404"), post=signed_in("405")),
    "mfa_download_recovery_codes": Route(signed_in("404"), post=signed_in("404")),
    # The Django admin signs nobody in itself: its sign-in sends people to the service's own.
    "admin:login": Route(
        {**signed_in("403", anonymous="login"), "staff": "->/admin/"},
        post={**signed_in("403", anonymous="login"), "staff": "200"},
    ),
    # Authenticators are added only by their owner, with a code from the app.
    "admin:mfa_authenticator_add": Route(
        {**everyone("->/admin/login/"), "staff": "403"},
        post={**everyone("->/admin/login/"), "staff": "403"},
    ),
}

# The Django admin is for staff only. Each of its patterns is checked by
# test_admin_is_staff_only rather than declared one by one, unless declared above.
ADMIN_NAMESPACE = "admin"
