"""The access matrix: every URL pattern in the project, with who may reach it.

Outcomes are what a GET gives: "200", "403", "404", "405", "login" (sent to sign in), or
"->/path" for any other redirect. Every URL pattern must be declared here; tests/test_access_matrix.py
fails on one that is not, and checks each declaration against the running project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# "lead" is a parent carer who leads the forum the URL is about (see matrix_objects).
ROLES = ("anonymous", "parent_carer", "practitioner", "commissioner", "staff", "lead")


@dataclass(frozen=True)
class Route:
    expect: dict[str, str]
    kwargs: dict[str, object] = field(default_factory=dict)


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str, anonymous: str = "login") -> dict[str, str]:
    return {**dict.fromkeys(ROLES, outcome), "anonymous": anonymous}


def staff_only(outcome: str = "200") -> dict[str, str]:
    return {**signed_in("403"), "staff": outcome}


def lead_only(outcome: str = "200") -> dict[str, str]:
    return {**signed_in("403"), "lead": outcome}


FORUM = {"slug": "{forum.slug}"}
CONSULTATION = {"pk": "{consultation.pk}"}
OPEN = {"token": "{open_consultation.open_link_token}"}


ROUTES: dict[str, Route] = {
    # Public pages
    "home": Route(everyone("200")),
    "healthz": Route(everyone("200")),
    "accessibility": Route(everyone("200")),
    "privacy": Route(everyone("200")),
    "cookies": Route(everyone("200")),
    # Accounts: the person's own pages
    "profile": Route(signed_in("200")),
    "profile_details_edit": Route(signed_in("200")),
    "consent_give": Route(signed_in("200"), {"slug": "children"}),
    "consent_withdraw": Route(signed_in("200"), {"slug": "children"}),
    # Staff decide role requests
    "approvals": Route(staff_only()),
    "approval_decide": Route(staff_only("405"), {"pk": "{practitioner.pk}"}),
    "member_profile_edit": Route(signed_in("200")),
    # Forums: public pages
    "forums:list": Route(everyone("200")),
    "forums:detail": Route(everyone("200"), FORUM),
    "forums:news": Route(
        {**lead_only("200"), "anonymous": "login"}, {**FORUM, "pk": "{members_news.pk}"}
    ),
    "forums:invitation_accept": Route(everyone("200"), {"token": "{invitation_token}"}),
    # Forums: joining and leaving (anyone signed in; the service decides who may join)
    "forums:join": Route(signed_in("200"), FORUM),
    "forums:leave": Route(
        {**signed_in("->/forums/matrix-parent-carer-forum/"), "lead": "200"}, FORUM
    ),
    # Forums: lead tools, for this forum's leads only
    "forums:members": Route(lead_only(), FORUM),
    "forums:members_export": Route(signed_in("405"), FORUM),
    "forums:member_decide": Route(signed_in("405"), {**FORUM, "pk": "{pending.pk}"}),
    "forums:member_role": Route(signed_in("405"), {**FORUM, "pk": "{pending.pk}"}),
    "forums:member_remove": Route(lead_only(), {**FORUM, "pk": "{pending.pk}"}),
    "forums:invite": Route(lead_only(), FORUM),
    "forums:details_edit": Route(lead_only(), FORUM),
    "forums:news_new": Route(lead_only(), FORUM),
    "forums:representatives": Route(lead_only(), FORUM),
    "forums:representative_end": Route(signed_in("405"), {**FORUM, "pk": "{seat.pk}"}),
    "forums:engagement": Route(lead_only(), FORUM),
    "glossary:propose": Route(lead_only(), FORUM),
    # Consultations: answering (the matrix forum's lead is also its member, so may answer)
    "consultations:list": Route(everyone("200")),
    "consultations:answer_start": Route({**lead_only(), "anonymous": "login"}, CONSULTATION),
    # (the lead has started but not sent an answer)
    "consultations:answer_section": Route(
        {**lead_only(), "anonymous": "login"}, {**CONSULTATION, "number": 1}
    ),
    "consultations:answer_check": Route({**lead_only(), "anonymous": "login"}, CONSULTATION),
    "consultations:answer_done": Route(
        {**signed_in("403"), "lead": "->/consultations/N/"}, CONSULTATION
    ),
    "consultations:open_start": Route(everyone("200"), OPEN),
    "consultations:open_section": Route(
        everyone("->/consultations/open/TOKEN/"), {**OPEN, "number": 1}
    ),
    "consultations:open_check": Route(everyone("->/consultations/open/TOKEN/"), OPEN),
    "consultations:open_done": Route(everyone("->/consultations/open/TOKEN/"), OPEN),
    "consultations:open_resume": Route(everyone("404"), {**OPEN, "browser_token": "made-up"}),
    # (the matrix consultation is named, so there is no change code: back to its first page)
    "consultations:answer_change": Route(
        {**signed_in("403"), "lead": "->/consultations/N/", "anonymous": "login"}, CONSULTATION
    ),
    "consultations:open_change": Route(everyone("200"), OPEN),
    "consultations:open_carry_on": Route(everyone("200"), OPEN),
    # Consultations: what changed (public), results (published only)
    "consultations:impact": Route(everyone("200"), CONSULTATION),
    "consultations:published_results": Route(everyone("404"), CONSULTATION),
    "consultations:forum_impact": Route(everyone("200"), FORUM),
    # Consultations: lead tools, for the owning forum's leads only
    "consultations:manage_list": Route(lead_only(), FORUM),
    "consultations:region_manage_list": Route(staff_only(), {"slug": "{forum.region.slug}"}),
    "consultations:region_new": Route(staff_only(), {"slug": "{forum.region.slug}"}),
    "consultations:new": Route(lead_only(), FORUM),
    "consultations:from_template": Route(lead_only(), FORUM),
    # Old addresses of a forum's consultation tools send people to the new ones
    "consultations:moved_manage_list": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/"), FORUM
    ),
    "consultations:moved_new": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/new/"), FORUM
    ),
    "consultations:moved_from_template": Route(
        everyone("->/forums/matrix-parent-carer-forum/manage/consultations/from-template/"),
        FORUM,
    ),
    "consultations:builder": Route(lead_only(), CONSULTATION),
    "consultations:edit": Route(lead_only(), CONSULTATION),
    "consultations:section_add": Route(signed_in("405"), CONSULTATION),
    "consultations:section_edit": Route(
        lead_only(), {**CONSULTATION, "section_pk": "{section.pk}"}
    ),
    "consultations:section_action": Route(
        signed_in("405"), {**CONSULTATION, "section_pk": "{section.pk}"}
    ),
    "consultations:question_new": Route(
        lead_only(), {**CONSULTATION, "section_pk": "{section.pk}"}
    ),
    "consultations:question_edit": Route(
        lead_only(), {**CONSULTATION, "question_pk": "{question.pk}"}
    ),
    "consultations:question_action": Route(
        signed_in("405"), {**CONSULTATION, "question_pk": "{question.pk}"}
    ),
    "consultations:preview": Route(lead_only(), {**CONSULTATION, "number": 1}),
    "consultations:launch": Route(signed_in("405"), CONSULTATION),
    "consultations:close": Route(signed_in("405"), CONSULTATION),
    "consultations:results": Route(lead_only(), CONSULTATION),
    "consultations:export": Route(signed_in("405"), {**CONSULTATION, "file_format": "csv"}),
    "consultations:themes": Route(lead_only(), CONSULTATION),
    "consultations:answer_code": Route(
        signed_in("405"), {**CONSULTATION, "answer_pk": "{answer.pk}"}
    ),
    "consultations:publish": Route(lead_only(), CONSULTATION),
    "consultations:actions": Route(lead_only(), CONSULTATION),
    "consultations:action_status": Route(
        signed_in("405"), {**CONSULTATION, "action_pk": "{action.pk}"}
    ),
    # Glossary
    "glossary:index": Route(everyone("200")),
    "glossary:review": Route(staff_only()),
    "glossary:decide": Route(staff_only("405"), {"pk": "{proposed_term.pk}"}),
    # allauth: signing in and out, signing up, email and password
    "account_login": Route(signed_in("->/", anonymous="200")),
    "account_logout": Route(signed_in("200", anonymous="->/")),
    "account_signup": Route(signed_in("->/", anonymous="200")),
    "account_inactive": Route(everyone("200")),
    "account_email_verification_sent": Route(everyone("200")),
    "account_confirm_email": Route(everyone("200"), {"key": "not-a-real-key"}),
    "account_email": Route(signed_in("200")),
    "account_change_password": Route(signed_in("200")),
    "account_set_password": Route(signed_in("->/accounts/password/change/")),
    "account_reset_password": Route(everyone("200")),
    "account_reset_password_done": Route(everyone("200")),
    "account_reset_password_from_key": Route(everyone("200"), {"uidb36": "0", "key": "bad-key"}),
    "account_reset_password_from_key_done": Route(everyone("200")),
    "account_reauthenticate": Route(signed_in("200")),
    "account_request_reauthentication_code": Route(signed_in("200")),
    "account_confirm_reauthentication_code": Route(signed_in("->/accounts/reauthenticate/code/")),
    "account_confirm_login_code": Route(signed_in("->/")),
    # allauth: two-step verification. Changing it always asks for the password again first.
    "mfa_index": Route(signed_in("200")),
    "mfa_authenticate": Route(signed_in("->/")),
    "mfa_reauthenticate": Route(
        {
            **signed_in("->/accounts/reauthenticate/"),
            "commissioner": "200",
            "staff": "200",
        }
    ),
    "mfa_activate_totp": Route(signed_in("->/accounts/reauthenticate/")),
    "mfa_deactivate_totp": Route(
        {
            **signed_in("404"),
            "commissioner": "->/accounts/reauthenticate/",
            "staff": "->/accounts/reauthenticate/",
        }
    ),
    "mfa_generate_recovery_codes": Route(signed_in("->/accounts/reauthenticate/")),
    "mfa_view_recovery_codes": Route(signed_in("404")),
    "mfa_download_recovery_codes": Route(signed_in("404")),
    # The Django admin signs nobody in itself: its sign-in sends people to the service's own.
    "admin:login": Route({**signed_in("403", anonymous="login"), "staff": "->/admin/"}),
    # Authenticators are added only by their owner, with a code from the app.
    "admin:mfa_authenticator_add": Route({**everyone("->/admin/login/"), "staff": "403"}),
}

# The Django admin is for staff only. Each of its patterns is checked by
# test_admin_is_staff_only rather than declared one by one, unless declared above.
ADMIN_NAMESPACE = "admin"
