"""Writes for raised matters: partners, raising, the thread, each step of a matter's story, and
flagging overdue matters. Views check permission through raised.permissions; these functions
check it again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from consultations import services as consultation_services
from consultations.models import Action, Answer, OwnerType, Theme
from core.emails import email_send_on_commit, site_link
from forums.models import CouncilArea, EngagementEntry, Forum
from raised.clock import ESCALATE_AFTER_DAYS, holidays, matter_clock
from raised.models import (
    OPEN_STATUSES,
    Matter,
    MatterStatus,
    MatterUpdate,
    Partner,
    PartnerKind,
    UpdateSide,
)
from raised.permissions import is_partner_contact, may_raise

# Which kind of owner a partner is in "You said, we did".
OWNER_TYPES = {
    PartnerKind.COUNCIL: OwnerType.COUNCIL,
    PartnerKind.ICB: OwnerType.NHS,
    PartnerKind.HOSPITAL: OwnerType.NHS,
    PartnerKind.SCHOOL_TRUST: OwnerType.SCHOOL,
    PartnerKind.VOLUNTARY: OwnerType.OTHER,
    PartnerKind.OTHER: OwnerType.OTHER,
}


def partner_add(
    *, forum: Forum, added_by: User, name: str, kind: str, contact_email: str, response_days: int
) -> Partner:
    """A partner the forum raises matters with. Its contact must be an approved practitioner
    or commissioner, since they will read what families are facing."""
    if not may_raise(added_by, forum):
        raise PermissionDenied("Only the forum's leads and steering group can add partners.")
    contact = User.objects.filter(email__iexact=contact_email.strip(), is_active=True).first()
    if contact is None:
        raise ValidationError({"contact_email": "There is no account with this email address"})
    if not (contact.is_practitioner or contact.is_commissioner):
        raise ValidationError(
            {
                "contact_email": "The contact must have an approved practitioner or "
                "commissioner account"
            }
        )
    if Partner.objects.filter(forum=forum, name__iexact=name.strip()).exists():
        raise ValidationError({"name": f"{forum.name} already has a partner called this"})
    return Partner.objects.create(
        forum=forum, name=name.strip(), kind=kind, contact=contact, response_days=response_days
    )


@dataclass(frozen=True)
class MatterDetails:
    title: str
    description: str
    area_of_life: str
    council_area: CouncilArea
    families: int
    families_since: date
    partner: Partner
    visibility: str
    themes: tuple[Theme, ...] = ()
    engagement_entries: tuple[EngagementEntry, ...] = ()
    quotes: tuple[Answer, ...] = ()


def _details_check(forum: Forum, details: MatterDetails) -> None:
    errors: dict[str, str] = {}
    if details.partner.forum_id != forum.pk:
        errors["partner"] = "Select a partner from the list"
    if not forum.council_areas.filter(pk=details.council_area.pk).exists():
        errors["council_area"] = "Select a council area from the list"
    if details.families_since > timezone.localdate():
        errors["families_since"] = "The date families first raised it must be today or in the past"
    if details.families < 1:
        errors["families"] = "Enter how many families have raised it"
    if any(theme.consultation.forum_id != forum.pk for theme in details.themes):
        errors["themes"] = "Select themes from this forum's consultations"
    if any(entry.forum_id != forum.pk for entry in details.engagement_entries):
        errors["engagement_entries"] = "Select entries from this forum's engagement log"
    if any(
        not answer.featured or answer.question.section.consultation.forum_id != forum.pk
        for answer in details.quotes
    ):
        errors["quotes"] = "Select quotes this forum has published"
    if errors:
        raise ValidationError(errors)


def _link(matter: Matter) -> str:
    return site_link(reverse("raised:detail", args=[matter.pk]))


def matter_raise(*, forum: Forum, raised_by: User, details: MatterDetails) -> Matter:
    """Raise a matter with a partner; the clock starts now, and the partner's contact is
    emailed."""
    if not may_raise(raised_by, forum):
        raise PermissionDenied("Only the forum's leads and steering group can raise matters.")
    _details_check(forum, details)
    now = timezone.now()
    with transaction.atomic():
        matter = Matter.objects.create(
            forum=forum,
            title=details.title.strip(),
            description=details.description.strip(),
            area_of_life=details.area_of_life,
            council_area=details.council_area,
            families=details.families,
            families_since=details.families_since,
            partner=details.partner,
            visibility=details.visibility,
            raised_at=now,
            raised_by=raised_by,
        )
        matter.themes.set(details.themes)
        matter.engagement_entries.set(details.engagement_entries)
        matter.quotes.set(details.quotes)
        clock = matter_clock(matter, holidays(), now)
        email_send_on_commit(
            to=[details.partner.contact.email],
            subject=f"{forum.name} has raised a matter with {details.partner.name}",
            template="emails/raised/matter_raised.txt",
            context={"matter": matter, "link": _link(matter), "respond_by": clock.respond_by},
        )
    return matter


@dataclass(frozen=True)
class Step:
    """One step in a matter's story: who takes it, from which statuses, to which status."""

    side: UpdateSide
    allowed_from: tuple[str, ...]
    to: MatterStatus
    label: str
    needs_words: bool
    done: str


STEPS: dict[str, Step] = {
    "acknowledge": Step(
        UpdateSide.PARTNER,
        (MatterStatus.RAISED,),
        MatterStatus.ACKNOWLEDGED,
        "Acknowledge",
        False,
        "You have acknowledged it. The forum can see that.",
    ),
    "respond": Step(
        UpdateSide.PARTNER,
        (MatterStatus.RAISED, MatterStatus.ACKNOWLEDGED),
        MatterStatus.RESPONDED,
        "Respond",
        True,
        "Your response is sent to the forum.",
    ),
    "agree": Step(
        UpdateSide.FORUM,
        (MatterStatus.RESPONDED,),
        MatterStatus.ACTION_AGREED,
        "Agree an action",
        True,
        "The action is agreed.",
    ),
    "resolve": Step(
        UpdateSide.FORUM,
        (MatterStatus.RESPONDED, MatterStatus.ACTION_AGREED),
        MatterStatus.RESOLVED,
        "Mark as resolved",
        False,
        "The matter is marked as resolved.",
    ),
    "close": Step(
        UpdateSide.FORUM,
        OPEN_STATUSES,
        MatterStatus.CLOSED,
        "Close without action",
        True,
        "The matter is closed.",
    ),
}


def side_of(user: User, matter: Matter) -> UpdateSide | None:
    """Which side of the thread this person writes for, if any."""
    if is_partner_contact(user, matter):
        return UpdateSide.PARTNER
    if may_raise(user, matter.forum):
        return UpdateSide.FORUM
    return None


def steps_for(user: User, matter: Matter) -> list[str]:
    side = side_of(user, matter)
    return [
        name
        for name, step in STEPS.items()
        if step.side == side and matter.status in step.allowed_from
    ]


def matter_update_post(*, matter: Matter, author: User, body: str) -> MatterUpdate:
    """Add to the thread without changing the status. The other side is emailed."""
    side = side_of(author, matter)
    if side is None:
        raise PermissionDenied("Only the forum and the partner's contact write in this thread.")
    if not body.strip():
        raise ValidationError({"body": "Enter your update"})
    if not matter.is_open:
        raise ValidationError("This matter is finished, so it takes no more updates.")
    with transaction.atomic():
        update = MatterUpdate.objects.create(
            matter=matter, side=side, author=author, body=body.strip(), created_at=timezone.now()
        )
        _tell_other_side(matter, side, f"An update on {matter.title}")
    return update


def _tell_other_side(matter: Matter, side: str, subject: str) -> None:
    if side == UpdateSide.FORUM:
        to = [matter.partner.contact.email]
    else:
        to = list(
            matter.forum.memberships.leads().values_list("user__email", flat=True).order_by("pk")
        )
    if to:
        email_send_on_commit(
            to=to,
            subject=subject,
            template="emails/raised/matter_update.txt",
            context={"matter": matter, "link": _link(matter)},
        )


def matter_step(
    *,
    matter: Matter,
    by: User,
    step: str,
    body: str = "",
    action_title: str = "",
    action_due: date | None = None,
    add_to_you_said_we_did: bool = False,
) -> Matter:
    """Take one step (``STEPS``), with what was said recorded in the thread. Taking a step the
    matter has already passed is refused with a message, so a double submit changes nothing.
    Agreeing an action can add it to "You said, we did" on the consultation its evidence came
    from."""
    chosen = STEPS.get(step)
    if chosen is None:
        raise ValidationError("Choose what to do from the page.")
    if side_of(by, matter) != chosen.side:
        raise PermissionDenied("This step is for the other side.")
    if chosen.needs_words and not body.strip():
        raise ValidationError({"body": "Enter what you want to say"})
    now = timezone.now()
    with transaction.atomic():
        matter = (
            Matter.objects.select_for_update().select_related("partner", "forum").get(pk=matter.pk)
        )
        if matter.status not in chosen.allowed_from:
            raise ValidationError(
                f"This matter is already {matter.get_status_display().lower()}, so it cannot be "
                f"changed that way."
            )
        matter.status = chosen.to
        if chosen.side == UpdateSide.PARTNER and matter.first_response_at is None:
            matter.first_response_at = now
        if chosen.to == MatterStatus.ACTION_AGREED:
            matter.action_agreed_at = now
            if add_to_you_said_we_did:
                matter.action = _action_create(
                    matter, by, action_title or matter.title, action_due, body
                )
        if chosen.to in (MatterStatus.RESOLVED, MatterStatus.CLOSED):
            matter.ended_at = now
            if chosen.to == MatterStatus.CLOSED:
                matter.closed_reason = body.strip()
        matter.save()
        MatterUpdate.objects.create(
            matter=matter,
            side=chosen.side,
            author=by,
            body=body.strip() or f"{matter.get_status_display()}.",
            status=chosen.to,
            created_at=now,
        )
        _tell_other_side(matter, chosen.side, f"{matter.get_status_display()}: {matter.title}")
    return matter


def _action_create(matter: Matter, by: User, title: str, due: date | None, body: str) -> Action:
    """The agreed action in "You said, we did", on the consultation of the matter's themes."""
    themes = list(matter.themes.select_related("consultation"))
    if not themes:
        raise ValidationError(
            "To add the action to “You said, we did”, link the matter to a consultation theme."
        )
    consultation = themes[0].consultation
    return consultation_services.action_create(
        consultation=consultation,
        created_by=by,
        title=title.strip(),
        description=body.strip(),
        owner_type=OWNER_TYPES[PartnerKind(matter.partner.kind)],
        owner_name=matter.partner.name,
        due_date=due,
        evidence_url=_link(matter),
        themes=[theme for theme in themes if theme.consultation_id == consultation.pk],
    )


def overdue_matters_flag(*, now: datetime | None = None) -> tuple[int, int]:
    """Flag overdue matters: first to the partner's contact, then, ESCALATE_AFTER_DAYS working
    days later, to the commissioners for the forum's area (commissioners who answer for one of
    its partners). Each flag is sent once. Returns (flagged to partners, to commissioners)."""
    now = now or timezone.now()
    dates = holidays()
    to_partners = to_commissioners = 0
    waiting = (
        Matter.objects.open()
        .filter(first_response_at__isnull=True)
        .filter(flagged_commissioners_at__isnull=True)
        .select_related("partner", "partner__contact", "forum")
    )
    for matter in waiting.iterator(chunk_size=500):
        clock = matter_clock(matter, dates, now)
        if not clock.overdue:
            continue
        with transaction.atomic():
            if matter.flagged_partner_at is None:
                Matter.objects.filter(pk=matter.pk).update(flagged_partner_at=now)
                email_send_on_commit(
                    to=[matter.partner.contact.email],
                    subject=f"Overdue: {matter.title}",
                    template="emails/raised/matter_overdue.txt",
                    context={
                        "matter": matter,
                        "link": _link(matter),
                        "clock": clock,
                        "escalate_after": ESCALATE_AFTER_DAYS,
                    },
                )
                to_partners += 1
            elif clock.overdue_days >= ESCALATE_AFTER_DAYS:
                Matter.objects.filter(pk=matter.pk).update(flagged_commissioners_at=now)
                commissioners = list(
                    User.objects.filter(
                        role=Role.COMMISSIONER,
                        partner_contacts__forum=matter.forum,
                        is_active=True,
                    )
                    .exclude(pk=matter.partner.contact_id)
                    .distinct()
                )
                approved = [c.email for c in commissioners if c.is_commissioner]
                if approved:
                    email_send_on_commit(
                        to=approved,
                        subject=f"Overdue in {matter.forum.name}: {matter.title}",
                        template="emails/raised/matter_escalated.txt",
                        context={"matter": matter, "link": _link(matter), "clock": clock},
                    )
                to_commissioners += 1
    return to_partners, to_commissioners


def matters_evidence_choices(forum: Forum) -> dict[str, Iterable[object]]:
    """What a forum can link as evidence: its consultations' themes, its engagement log and
    its published quotes."""
    return {
        "themes": Theme.objects.filter(consultation__forum=forum).select_related("consultation"),
        "engagement_entries": EngagementEntry.objects.filter(forum=forum),
        "quotes": Answer.objects.filter(
            featured=True, question__section__consultation__forum=forum
        ),
    }
