"""Recount consultations' running tallies from their answers: after loading answers by hand,
or to check that the tallies agree with the answers (``--check`` changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consultations.models import Consultation
from consultations.tallies import consultation_counted, stored_tallies, tallies_rebuild


class Command(BaseCommand):
    help = "Recount consultations' result tallies from their sent answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("consultation", nargs="*", type=int, help="Ids (default: every one)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only say which consultations' tallies differ from their answers; exit 1 if any.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        consultations = Consultation.objects.launched().order_by("pk")
        if options["consultation"]:
            consultations = consultations.filter(pk__in=options["consultation"])
        differing = 0
        for consultation in consultations.iterator():
            if options["check"]:
                if consultation_counted(consultation) != stored_tallies(consultation):
                    differing += 1
                    self.stdout.write(f"{consultation.pk} {consultation.title}: tallies differ")
                continue
            changed = tallies_rebuild(consultation)
            if changed:
                differing += 1
                self.stdout.write(f"{consultation.pk} {consultation.title}: {changed} corrected")
        verb = "differ" if options["check"] else "were corrected"
        self.stdout.write(f"{differing} consultation(s) {verb}.")
        if options["check"] and differing:
            raise CommandError("Tallies differ from the answers: run tallies_rebuild.")
