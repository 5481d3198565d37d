"""Accounts in the access matrix (tests/access.py): the person's own pages, staff decisions
on role requests, allauth's sign-in, sign-up, email, password and two-step pages, and the
admin's sign-in."""

from __future__ import annotations

from tests.access import Route, changes, everyone, signed_in, staff_only

PASSWORD = "a-long-test-password-1"  # every matrix person's (tests/accounts/factories.py)
NEW_PASSWORD = "another-long-password-2"


ROUTES: dict[str, Route] = {
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
    # Staff decide role requests
    "approvals": Route(staff_only(), post=staff_only("200")),
    # Staff review who opened personal data; a POST changes nothing (the page only reads).
    "access_log": Route(staff_only(), post=staff_only("200")),
    "approval_decide": Route(
        staff_only("405"),
        {"pk": "{pending_practitioner.pk}"},
        post=staff_only(changes("->/accounts/approvals/")),
        data={"decision": "approve"},
        owner="staff",  # staff decide on the request
    ),
    "member_profile_edit": Route(
        signed_in("200"),
        post=signed_in(changes("->/accounts/profile/")),
        data={"preferred_format": "large_print"},
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
    # "Check your email": a POST sends the email again to the sign-up waiting in this browser;
    # with none waiting (as for every matrix person) it sends people to sign in instead.
    "account_email_verification_sent": Route(everyone("200"), post=everyone("login")),
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
