"""Demo accounts: one for each role, all with the password coproduce-demo."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from accounts import services
from accounts.mfa import has_authenticator_app
from accounts.models import Role, RoleStatus, Sector, User

DEMO_PASSWORD = "coproduce-demo"  # noqa: S105 (documented demo password, refused in production)
# A fixed secret, so the README can tell people how to sign in as the demo commissioner and admin.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    sector: str = ""
    organisation: str = ""
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("parent@example.org", "Priya Parent", Role.PARENT_CARER),
    DemoAccount("lead@example.org", "Lesley Lead", Role.PARENT_CARER),
    DemoAccount(
        "practitioner@example.org",
        "Pat Practitioner",
        Role.PRACTITIONER,
        Sector.HEALTH,
        "Gateshead Health NHS Foundation Trust",
    ),
    DemoAccount(
        "commissioner@example.org",
        "Chris Commissioner",
        Role.COMMISSIONER,
        organisation="North East and North Cumbria Integrated Care Board",
    ),
    DemoAccount(
        "school@example.org",
        "Sam School",
        Role.PRACTITIONER,
        Sector.EDUCATION,
        "Low Fell Primary School",
    ),
    DemoAccount("admin@example.org", "Alex Admin", Role.PARENT_CARER, is_staff=True),
]


def demo_user(
    *,
    email: str,
    full_name: str,
    role: str = Role.PARENT_CARER,
    sector: str = "",
    organisation: str = "",
    is_staff: bool = False,
    approved_by: User | None = None,
) -> User:
    """A verified demo person with the demo password; a practitioner or commissioner is
    approved by ``approved_by`` if given. Idempotent."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD)
        services.user_signup_details_record(
            user=user,
            full_name=full_name,
            role=role,
            sector=sector,
            organisation=organisation,
            privacy_notice_agreed=True,
            special_category_consent=role == Role.PARENT_CARER,
        )
    if is_staff and not user.is_staff:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if approved_by is not None and user.role_status == RoleStatus.PENDING:
        services.role_request_decide(user=user, decided_by=approved_by, approve=True, notify=False)
        user.refresh_from_db()
    return user


def seed() -> dict[str, User]:
    users = {
        account.email: demo_user(
            email=account.email,
            full_name=account.full_name,
            role=account.role,
            sector=account.sector,
            organisation=account.organisation,
            is_staff=account.is_staff,
        )
        for account in DEMO_ACCOUNTS
    }
    admin = users["admin@example.org"]
    for user in users.values():
        if user.role_status == RoleStatus.PENDING:
            services.role_request_decide(user=user, decided_by=admin, approve=True, notify=False)
    for user in users.values():
        user.refresh_from_db()
        if user.must_use_mfa and not has_authenticator_app(user):
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return users
