"""Send the digests due now, or preview one person's: ``send_digests --dry-run --user EMAIL``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import email_context, site_link
from notifications import digests
from notifications.models import Frequency


class Command(BaseCommand):
    help = "Send the daily and weekly digests due now, or one person's (--user), or preview it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="Only this person (their email address).")
        parser.add_argument(
            "--period", choices=[Frequency.DAILY, Frequency.WEEKLY], default=Frequency.WEEKLY
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the digest; send and record nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        period = options["period"]
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No account with the address {options['user']}.")
            if options["dry_run"]:
                digest = digests.digest_build(user, period, now)
                if digest.is_empty():
                    self.stdout.write(f"Nothing new for {user.email}: no digest would be sent.")
                    return
                self.stdout.write(
                    render_to_string(
                        "emails/notifications/digest.txt",
                        {
                            **email_context(),
                            "person": user,
                            "sections": digest.sections(),
                            "period": period,
                            "home": site_link(reverse("home")),
                            "settings_link": site_link(reverse("notifications:preferences")),
                        },
                    )
                )
                return
            with transaction.atomic():
                sent = digests.digest_send(user, period, now)
            self.stdout.write("Digest queued." if sent else "Nothing new: no digest sent.")
            return
        if options["dry_run"]:
            raise CommandError("--dry-run previews one person's digest: add --user EMAIL.")
        total = 0
        for each in digests.PERIODS:
            for first, last in digests.digest_ranges(each, now):
                with transaction.atomic():
                    total += digests.digest_batch(each, first, last, now)
        self.stdout.write(f"{total} digests queued.")
