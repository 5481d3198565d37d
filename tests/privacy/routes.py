"""People's own data in the access matrix (tests/access.py): downloading one's data (the link
opens for its owner only), deleting one's account, withdrawing consent, and staff's list of
deleted accounts."""

from __future__ import annotations

from tests.access import Route, changes, everyone, signed_in, staff_only

PASSWORD = "a-long-test-password-1"  # every matrix person's (tests/accounts/factories.py)

ROUTES: dict[str, Route] = {
    "your_data": Route(signed_in("200"), post=signed_in(changes("->/accounts/your-data/"))),
    # The matrix's download is the parent carer's: for anyone else the link does not exist.
    "your_data_download": Route(
        {**signed_in("404"), "parent_carer": "200"},
        {"token": "{download_token}"},
        post=signed_in("405"),
        owner="parent_carer",
    ),
    # With the right password the account goes. Commissioners and staff also need their
    # authenticator code (not given here); the lead leads the matrix forum alone and the
    # practitioner is a partner's contact, and the other forum's lead leads theirs alone, so
    # each must hand over first.
    "account_delete": Route(
        signed_in("200"),
        post={
            **signed_in(changes("->/accounts/deleted/")),
            "practitioner": "200",
            "commissioner": "200",
            "staff": "200",
            "lead": "200",
            "other_lead": "200",
        },
        data={"password": PASSWORD},
    ),
    "account_deleted": Route(everyone("200"), post=everyone("405")),
    "consent_withdraw": Route(
        signed_in("200"), {"slug": "children"}, post=signed_in("->/accounts/profile/")
    ),
    "erasure_log": Route(staff_only(), post=staff_only("405")),
}
