"""Load the demo data: the North East region, its forums and people, and one account for each
role. Safe to run any number of times. Refuses to run in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from consultations import demo as consultations_demo
from dashboards import demo as dashboards_demo
from forums import demo as forums_demo
from forums.models import Forum
from library import demo as library_demo
from library.models import Resource
from peer_network import demo as peer_network_demo
from programmes import demo as programmes_demo
from raised import demo as raised_demo


class Command(BaseCommand):
    help = "Create the North East demo region, its forums and people, and a demo account for each role."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with PRODUCTION=true.")
        with transaction.atomic():
            users = accounts_demo.seed()
            forums = forums_demo.seed(users)
            gateshead = Forum.objects.get(council_areas__name="Gateshead")
            consultations = consultations_demo.seed(gateshead, users["lead@example.org"])
            sessions = peer_network_demo.seed(users, forums)
            matters = raised_demo.seed(users, gateshead, consultations)
            paths = library_demo.seed(users["admin@example.org"])
            cohort = programmes_demo.seed(users)
            scope = dashboards_demo.seed(users)

        self.stdout.write(
            f"North East: {len(forums)} forums with members, news and representatives."
        )
        self.stdout.write(
            f"Gateshead: {len(consultations)} consultations (one open, one closed with published results)."
        )
        self.stdout.write(
            f"Peer Network: {len(sessions)} sessions (one full with a waiting list, family "
            "groups in Gateshead and Sunderland, one past with attendance and feedback)."
        )
        self.stdout.write(
            f"Gateshead has raised {len(matters)} matters with three partners "
            "(one overdue, one in “You said, we did”)."
        )
        self.stdout.write(
            f"Peer Network library: {Resource.objects.count()} resources, "
            f"{len(paths)} learning paths."
        )
        self.stdout.write(
            f"Programmes: {cohort.name} with {cohort.enrolments.count()} schools at different "
            "stages, and a young people's group with six meetings; school@example.org is a contact for Low Fell Primary School and "
            "lead@example.org leads the cohort."
        )
        self.stdout.write(
            f"Dashboards: {scope.user.email} sees figures for the whole {scope.region} region."
        )
        self.stdout.write(f"Demo accounts (password: {accounts_demo.DEMO_PASSWORD}):")
        for account in accounts_demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email}")
        mfa = ", ".join(u.email for u in users.values() if u.must_use_mfa)
        self.stdout.write(
            f"Accounts that must use an authenticator app ({mfa}) share the TOTP secret "
            f"{accounts_demo.DEMO_TOTP_SECRET}."
        )
