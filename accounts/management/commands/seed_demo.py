"""Load the demo region and one account for each role. Safe to run any number of times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services as account_services
from accounts.models import Role, RoleStatus, Sector, User
from forums import services as forum_services

DEMO_PASSWORD = "coproduce-demo"  # noqa: S105 (documented demo password, refused in production)
# A fixed secret, so the README can tell people how to sign in as the demo commissioner and admin.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

NORTH_EAST_AREAS = [
    "County Durham",
    "Darlington",
    "Gateshead",
    "Hartlepool",
    "Middlesbrough",
    "Newcastle upon Tyne",
    "North Tyneside",
    "Northumberland",
    "Redcar and Cleveland",
    "South Tyneside",
    "Stockton-on-Tees",
    "Sunderland",
]


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


def _demo_user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(account.email, DEMO_PASSWORD)
        account_services.user_signup_details_record(
            user=user,
            full_name=account.full_name,
            role=account.role,
            sector=account.sector,
            organisation=account.organisation,
            privacy_notice_agreed=True,
            special_category_consent=account.role == Role.PARENT_CARER,
        )
    if account.is_staff and not user.is_staff:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.update_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Create the North East demo region, its forums and one demo account for each role."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with PRODUCTION=true.")
        with transaction.atomic():
            region = forum_services.region_ensure(name="North East")
            for area in NORTH_EAST_AREAS:
                forum_services.forum_ensure_for_area(
                    region=region,
                    area_name=area,
                    description=(
                        f"The parent carer forum for families of children and young people "
                        f"aged 0 to 25 with SEND in {area}."
                    ),
                )
            users = {account.email: _demo_user(account) for account in DEMO_ACCOUNTS}
            admin = users["admin@example.org"]
            for account in DEMO_ACCOUNTS:
                user = users[account.email]
                if user.role_status == RoleStatus.PENDING:
                    account_services.role_request_decide(
                        user=user, decided_by=admin, approve=True, notify=False
                    )
            mfa_users = [user for user in users.values() if user.must_use_mfa]
            for user in mfa_users:
                if not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)

        self.stdout.write(f"Region: {region.name}, {len(NORTH_EAST_AREAS)} forums.")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email}")
        self.stdout.write(
            "Accounts that must use an authenticator app "
            f"({', '.join(u.email for u in mfa_users)}) share the TOTP secret {DEMO_TOTP_SECRET}."
        )
