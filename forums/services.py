"""Writes for forums: membership, invitations, news, representatives, engagement, exports and the
glossary. Views check who may act through forums.permissions; these functions check it again,
so that no caller can skip it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from uuid import UUID

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts import services as account_services
from accounts.models import Role, User
from core.access import access_log_record
from core.dates import gov_date, gov_time
from core.emails import email_send_on_commit
from core.models import AccessKind, AccessWhat
from core.spreadsheet import csv_row
from core.text import single_line
from forums.models import (
    INVITATION_LIFETIME,
    CouncilArea,
    EngagementEntry,
    Forum,
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    NewsPost,
    NewsVisibility,
    Place,
    Region,
    RepresentativeRole,
)
from forums.permissions import is_lead
from forums.places import place_rows

INVITATION_SALT = "forums.invitation"
# A lead can send one invitation again at most this often, so that nobody's inbox fills up.
INVITATION_RESEND_INTERVAL = timedelta(hours=1)
# Leads hear about one person's request to join their forum at most this often, however many
# times the person leaves and asks again; every request still waits on the lead's members page.
JOIN_REQUEST_EMAIL_INTERVAL = timedelta(hours=24)


class InvitationInvalid(Exception):
    """An invitation link that cannot be used, with a message for the person holding it, and
    the forum it came from when that is known (so that they can find how to contact it)."""

    def __init__(self, message: str, forum: Forum | None = None) -> None:
        super().__init__(message)
        self.forum = forum


class InvitationForAnotherAccount(InvitationInvalid):
    """A signed-in person whose addresses do not include the one the invitation was sent to."""

    @classmethod
    def for_invitation(cls, invitation: Invitation) -> InvitationForAnotherAccount:
        return cls(
            f"This invitation was sent to {masked_email(invitation.email)}. Sign out and sign "
            "in with that address, or ask the forum to invite you again."
        )


# Regions and forums -------------------------------------------------------------------------


def region_ensure(*, name: str) -> Region:
    """Create the region if it does not exist. Idempotent."""
    name = single_line(name)
    region, _ = Region.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return region


def forum_ensure_for_area(
    *, region: Region, area_name: str, description: str = "", contact_email: str = ""
) -> Forum:
    """Make sure a council area exists in the region with its Parent Carer Forum. Idempotent:
    an existing area or forum keeps its details."""
    area_name = single_line(area_name)
    with transaction.atomic():
        area, _ = CouncilArea.objects.get_or_create(
            slug=slugify(area_name), defaults={"name": area_name, "region": region}
        )
        name = f"{area_name} Parent Carer Forum"
        forum, created = Forum.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "region": region,
                "description": description,
                "contact_email": contact_email,
            },
        )
        if created:
            forum.council_areas.add(area)
        places_ensure(area=area)
    return forum


def places_ensure(*, area: CouncilArea) -> int:
    """Load the towns and villages that forums/data/places.csv lists for the area (matched by
    slug, as areas are), so that search finds the area's forum by them. Idempotent: a place
    already held stays; one the file now puts in this area moves here. Returns how many
    places were added or moved."""
    names = [row.place for row in place_rows() if slugify(row.council_area) == area.slug]
    with transaction.atomic():
        held = {place.name: place for place in Place.objects.filter(name__in=names)}
        new = [Place(name=name, council_area=area) for name in names if name not in held]
        moved = [place for place in held.values() if place.council_area_id != area.pk]
        for place in moved:
            place.council_area = area
        Place.objects.bulk_create(new)
        Place.objects.bulk_update(moved, ["council_area"])
    return len(new) + len(moved)


def forum_details_update(
    *,
    forum: Forum,
    edited_by: User,
    description: str,
    contact_email: str,
    website: str,
    independence_statement: str,
) -> Forum:
    """A lead changes how their forum describes itself. Its name and areas are data that
    staff keep, since they follow council boundaries."""
    _require_lead(edited_by, forum)
    with transaction.atomic():
        forum.description = description.strip()
        forum.contact_email = contact_email.strip()
        forum.website = website.strip()
        forum.independence_statement = independence_statement.strip()
        forum.save(
            update_fields=["description", "contact_email", "website", "independence_statement"]
        )
    return forum


# Membership ---------------------------------------------------------------------------------


def _require_lead(user: User, forum: Forum) -> None:
    if not is_lead(user, forum):
        raise PermissionDenied("Only the forum's leads can do this.")


def _lead_emails(forum: Forum) -> list[str]:
    return list(
        Membership.objects.leads().filter(forum=forum).values_list("user__email", flat=True)
    )


def membership_request(*, forum: Forum, user: User, message: str = "") -> Membership:
    """A parent carer asks to join. Their request waits for a lead, who is emailed (at most once
    in JOIN_REQUEST_EMAIL_INTERVAL about the same person and forum).

    Refused (ValidationError) when the person already belongs or has already asked: a double
    submit never makes two requests. Someone who left or was declined can ask again."""
    if not user.is_parent_carer:
        raise ValidationError(
            "Parent Carer Forums are for parent carers. Practitioners join when a lead invites them."
        )
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(forum=forum, user=user).first()
        if membership and membership.status == MembershipStatus.ACTIVE:
            raise ValidationError(f"You are already a member of {forum.name}.")
        if membership and membership.status == MembershipStatus.PENDING:
            raise ValidationError(f"You have already asked to join {forum.name}.")
        if membership is None:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        forum=forum, user=user, request_message=message.strip()
                    )
            except IntegrityError as error:  # a simultaneous second submit
                raise ValidationError(f"You have already asked to join {forum.name}.") from error
        else:
            membership.status = MembershipStatus.PENDING
            membership.role = MembershipRole.MEMBER
            membership.request_message = message.strip()
            membership.decision_message = ""
            membership.requested_at = timezone.now()
            membership.left_at = None
            membership.save()
        now = timezone.now()
        recently_emailed = (
            membership.lead_emailed_at is not None
            and now - membership.lead_emailed_at < JOIN_REQUEST_EMAIL_INTERVAL
        )
        leads = _lead_emails(forum)
        if leads and not recently_emailed:
            membership.lead_emailed_at = now
            membership.save(update_fields=["lead_emailed_at"])
            email_send_on_commit(
                to=leads,
                subject=f"{user.get_full_name()} asked to join {forum.name}",
                template="emails/forums/join_request.txt",
                context={"forum": forum, "person": user, "message": membership.request_message},
            )
    return membership


def membership_grant(*, forum: Forum, user: User, role: str) -> Membership:
    """Make someone an active member with a role, without a request or an email: for setting
    up a forum's first lead and for demo data. Idempotent."""
    with transaction.atomic():
        membership, _ = Membership.objects.select_for_update().get_or_create(forum=forum, user=user)
        if membership.status != MembershipStatus.ACTIVE or membership.role != role:
            membership.status = MembershipStatus.ACTIVE
            membership.role = role
            membership.joined_at = membership.joined_at or timezone.now()
            membership.left_at = None
            membership.save()
    return membership


def membership_decide(
    *, membership: Membership, decided_by: User, approve: bool, message: str = ""
) -> Membership:
    """A lead approves or declines a join request; the person is emailed the outcome and the
    lead's message. Refused for a request that is no longer waiting."""
    _require_lead(decided_by, membership.forum)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.PENDING:
            raise ValidationError("This request has already been dealt with.")
        membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
        membership.decided_by = decided_by
        membership.decision_message = message.strip()
        if approve:
            membership.joined_at = timezone.now()
        membership.save()
        email_send_on_commit(
            to=[membership.user.email],
            subject=(
                f"Welcome to {membership.forum.name}"
                if approve
                else f"Your request to join {membership.forum.name}"
            ),
            template="emails/forums/join_decision.txt",
            context={"membership": membership, "approved": approve},
        )
    return membership


def _other_active_leads(membership: Membership) -> int:
    return (
        Membership.objects.leads().filter(forum=membership.forum).exclude(pk=membership.pk).count()
    )


def membership_role_change(*, membership: Membership, changed_by: User, role: str) -> Membership:
    """A lead changes an active member's role. A forum always keeps at least one lead."""
    _require_lead(changed_by, membership.forum)
    if role not in MembershipRole.values:
        raise ValidationError("Choose a role from the list.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != MembershipStatus.ACTIVE:
            raise ValidationError("Only active members can be given a role.")
        if (
            membership.role == MembershipRole.LEAD
            and role != MembershipRole.LEAD
            and _other_active_leads(membership) == 0
        ):
            raise ValidationError(
                "A forum needs at least one lead. Make someone else a lead first."
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def is_only_lead(membership: Membership) -> bool:
    """Whether this membership is its forum's last lead: a forum always keeps one."""
    return membership.role == MembershipRole.LEAD and _other_active_leads(membership) == 0


def _end_membership(membership: Membership) -> Membership:
    if is_only_lead(membership):
        raise ValidationError("A forum needs at least one lead. Make someone else a lead first.")
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["status", "left_at"])
    return membership


def membership_remove(*, membership: Membership, removed_by: User) -> Membership:
    """A lead removes someone from the forum (their record stays, marked as left)."""
    _require_lead(removed_by, membership.forum)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == MembershipStatus.LEFT:
            return membership
        return _end_membership(membership)


def membership_leave(*, membership: Membership, user: User) -> Membership:
    """A member leaves a forum. Idempotent."""
    if membership.user_id != user.pk:
        raise PermissionDenied("You can only leave a forum yourself.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == MembershipStatus.LEFT:
            return membership
        return _end_membership(membership)


# Invitations --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The signed link's key: the invitation and which sending it belongs to."""
    return signing.dumps(
        {"invitation": invitation.pk, "sent": invitation.times_sent}, salt=INVITATION_SALT
    )


def _invitation_refusal(invitation: Invitation, sent: int) -> str | None:
    """Why a link to this invitation, from its sending number ``sent``, cannot be used."""
    forum = invitation.forum.name
    if invitation.accepted_at is not None:
        return "This invitation has already been used."
    if invitation.cancelled_at is not None:
        return (
            f"{forum} has cancelled this invitation, so the link no longer works. "
            "If you still want to join, contact the forum."
        )
    if sent != invitation.times_sent:
        return (
            f"{forum} has sent you a newer invitation, so this link no longer works. "
            "Use the link in the most recent email."
        )
    if invitation.status == InvitationStatus.EXPIRED:
        return "This invitation has expired. Ask the forum to send you a new one."
    return None


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a link, or InvitationInvalid saying plainly what is wrong."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_LIFETIME)
    except signing.SignatureExpired as error:
        raise InvitationInvalid(
            "This invitation has expired. Ask the forum to send you a new one."
        ) from error
    except signing.BadSignature as error:
        raise InvitationInvalid(
            "This invitation link is not valid. Check you copied the whole link from the email."
        ) from error
    invitation = (
        Invitation.objects.select_related("forum").filter(pk=data.get("invitation")).first()
    )
    if invitation is None:
        raise InvitationInvalid("This invitation has been withdrawn.")
    # Links sent before invitations could be sent again carry no sending number: the first.
    refusal = _invitation_refusal(invitation, data.get("sent", 1))
    if refusal:
        raise InvitationInvalid(refusal, invitation.forum)
    return invitation


def _invitation_email(invitation: Invitation, *, resent: bool) -> None:
    email_send_on_commit(
        to=[invitation.email],
        subject=f"You are invited to join {invitation.forum.name}",
        template="emails/forums/invitation.txt",
        context={
            "invitation": invitation,
            "path": reverse("forums:invitation_accept", args=[invitation_token(invitation)]),
            "expires_on": timezone.localdate(invitation.expires_at),
            "resent": resent,
        },
    )


def invitation_create(*, forum: Forum, email: str, role: str, invited_by: User) -> Invitation:
    """A lead invites someone by email. The email holds a signed link that expires in 14 days.

    Refused (ValidationError) for an active member, and for an address with an invitation still
    waiting for a reply (the lead sends that one again instead): a double submit sends one."""
    _require_lead(invited_by, forum)
    email = email.strip().lower()
    if role not in MembershipRole.values:
        raise ValidationError("Choose a role from the list.")
    if Membership.objects.active().filter(forum=forum, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {forum.name}.")
    with transaction.atomic():
        # One invitation at a time per forum, so that two submits cannot both pass the check.
        Forum.objects.select_for_update().filter(pk=forum.pk).first()
        waiting = Invitation.objects.pending().filter(forum=forum, email__iexact=email).first()
        if waiting is not None:
            raise ValidationError(
                f"You have already invited {email}. Their invitation works until "
                f"{gov_date(waiting.expires_at)}. To send it again, use the list of invitations."
            )
        invitation = Invitation.objects.create(
            forum=forum, email=email, role=role, invited_by=invited_by
        )
        _invitation_email(invitation, resent=False)
    return invitation


def _invitation_locked(invitation: Invitation) -> Invitation:
    """The invitation as it is now, locked until the transaction ends."""
    return Invitation.objects.select_for_update().select_related("forum").get(pk=invitation.pk)


def invitation_resend(*, invitation: Invitation, resent_by: User) -> Invitation:
    """A lead emails a waiting or expired invitation again, with a new link that works for 14
    days; the links sent before stop working.

    Refused (ValidationError) for an invitation accepted or cancelled, for an address that has
    joined since, and within INVITATION_RESEND_INTERVAL of the last sending (which also makes a
    double submit send one email)."""
    _require_lead(resent_by, invitation.forum)
    with transaction.atomic():
        invitation = _invitation_locked(invitation)
        status = invitation.status
        if status == InvitationStatus.ACCEPTED:
            raise ValidationError(f"{invitation.email} has already accepted this invitation.")
        if status == InvitationStatus.CANCELLED:
            raise ValidationError(
                f"This invitation was cancelled. To invite {invitation.email} again, "
                "send a new invitation."
            )
        forum = invitation.forum
        members = Membership.objects.active().filter(forum=forum)
        if members.filter(user__email__iexact=invitation.email).exists():
            raise ValidationError(f"{invitation.email} is already a member of {forum.name}.")
        now = timezone.now()
        if now - invitation.sent_at < INVITATION_RESEND_INTERVAL:
            raise ValidationError(
                f"This invitation to {invitation.email} was sent at {gov_time(invitation.sent_at)}. "
                f"You can send it again from {gov_time(invitation.sent_at + INVITATION_RESEND_INTERVAL)}."
            )
        invitation.sent_at = now
        invitation.times_sent += 1
        invitation.save(update_fields=["sent_at", "times_sent"])
        _invitation_email(invitation, resent=True)
    return invitation


def invitation_cancel(*, invitation: Invitation, cancelled_by: User) -> Invitation:
    """A lead cancels an invitation waiting for a reply: its link stops working and says that
    the forum cancelled it. Idempotent; refused (ValidationError) for an invitation that has
    been accepted or has expired."""
    _require_lead(cancelled_by, invitation.forum)
    with transaction.atomic():
        invitation = _invitation_locked(invitation)
        status = invitation.status
        if status == InvitationStatus.CANCELLED:
            return invitation
        if status == InvitationStatus.ACCEPTED:
            raise ValidationError(
                f"{invitation.email} has already accepted this invitation. To take them out "
                "of the forum, remove them on the Members page."
            )
        if status == InvitationStatus.EXPIRED:
            raise ValidationError("This invitation has expired, so its link already does not work.")
        invitation.cancelled_at = timezone.now()
        invitation.cancelled_by = cancelled_by
        invitation.save(update_fields=["cancelled_at", "cancelled_by"])
    return invitation


def masked_email(email: str) -> str:
    """An address with all but the first letter of its name hidden, like j***@example.org: enough
    for its owner to recognise it, not enough to tell anyone else who was invited."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """Whether the invitation was sent to one of the person's own addresses: their account's
    email or one they have verified. Capitals do not matter."""
    if user.email.casefold() == invitation.email.casefold():
        return True
    # allauth carries no types, so exists() is Any to the type checker.
    return bool(
        EmailAddress.objects.filter(
            user=user, email__iexact=invitation.email, verified=True
        ).exists()
    )


def _invitation_accept(invitation: Invitation, user: User) -> Membership:
    # The invitation as its link found it; it may have been cancelled or sent again since.
    sent = invitation.times_sent
    invitation = _invitation_locked(invitation)
    refusal = _invitation_refusal(invitation, sent)
    if refusal:
        raise InvitationInvalid(refusal, invitation.forum)
    # The link is a bearer token that may be forwarded or leaked; only the address it was sent
    # to may turn it into a membership, and above all into a lead's.
    if not invitation_is_for(invitation, user):
        raise InvitationForAnotherAccount.for_invitation(invitation)
    membership, _ = Membership.objects.select_for_update().get_or_create(
        forum=invitation.forum, user=user
    )
    if membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.role = invitation.role
        membership.joined_at = timezone.now()
        membership.left_at = None
        membership.decided_by = invitation.invited_by
        membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """A signed-in person accepts: their account is linked to the forum with the invited role.

    Refused (InvitationForAnotherAccount) unless the invitation was sent to the account's email
    or one of its verified addresses. Refused (InvitationInvalid) for an invitation already
    used, cancelled, sent again since its link was opened, or expired."""
    with transaction.atomic():
        return _invitation_accept(invitation, user)


def invitation_accept_new_account(
    *,
    invitation: Invitation,
    full_name: str,
    password: str,
    special_category_consent: bool,
) -> tuple[User, Membership]:
    """Someone without an account accepts: the account is created for the invited address,
    which the link has just proved they own, so it is verified straight away."""
    with transaction.atomic():
        if (
            User.objects.filter(email__iexact=invitation.email).exists()
            or EmailAddress.objects.filter(email__iexact=invitation.email, verified=True).exists()
        ):
            raise InvitationInvalid(
                "There is already an account for this email. Sign in to accept."
            )
        user = User.objects.create_user(invitation.email, password)
        account_services.user_signup_details_record(
            user=user,
            full_name=full_name,
            role=Role.PARENT_CARER,
            privacy_notice_agreed=True,
            special_category_consent=special_category_consent,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        membership = _invitation_accept(invitation, user)
    return user, membership


# News, representatives, engagement ----------------------------------------------------------


def _news_checked(title: str, body: str, visibility: str) -> tuple[str, str]:
    if visibility not in NewsVisibility.values:
        raise ValidationError("Choose who can see it.")
    title, body = single_line(title), body.strip()
    if not title or not body:
        raise ValidationError("Enter a title and the news.")
    return title, body


def news_post_create(
    *,
    forum: Forum,
    author: User,
    title: str,
    body: str,
    visibility: str,
    submission_key: UUID | None = None,
) -> NewsPost:
    """A lead publishes news. Idempotent for one form: the same ``submission_key`` sent again
    (a double click, a form sent twice) gives back the post it made instead of a second one."""
    _require_lead(author, forum)
    title, body = _news_checked(title, body, visibility)
    if submission_key is not None:
        made = NewsPost.objects.filter(submission_key=submission_key).first()
        if made is not None:
            return _news_made_by_this_form(made, forum)
    try:
        with transaction.atomic():
            return NewsPost.objects.create(
                forum=forum,
                author=author,
                title=title,
                body=body,
                visibility=visibility,
                submission_key=submission_key,
            )
    except IntegrityError:  # the same form, sent at the same moment, made the post first
        made = NewsPost.objects.filter(submission_key=submission_key).first()
        if made is None:
            raise
        return _news_made_by_this_form(made, forum)


def _news_made_by_this_form(post: NewsPost, forum: Forum) -> NewsPost:
    if post.forum_id != forum.pk:
        raise ValidationError("This form has already been used. Start again from Post news.")
    return post


def news_post_update(
    *, post: NewsPost, edited_by: User, title: str, body: str, visibility: str
) -> NewsPost:
    """A lead changes a post. Readers see when it was last updated, if anything changed."""
    _require_lead(edited_by, post.forum)
    title, body = _news_checked(title, body, visibility)
    with transaction.atomic():
        post = NewsPost.objects.select_for_update().select_related("forum").get(pk=post.pk)
        if (post.title, post.body, post.visibility) != (title, body, visibility):
            post.title, post.body, post.visibility = title, body, visibility
            post.updated_at = timezone.now()
            post.save(update_fields=["title", "body", "visibility", "updated_at"])
    return post


def news_post_delete(*, post: NewsPost, deleted_by: User) -> None:
    """A lead deletes a post for good. Idempotent."""
    _require_lead(deleted_by, post.forum)
    with transaction.atomic():
        NewsPost.objects.filter(pk=post.pk).delete()


def representative_add(
    *,
    forum: Forum,
    added_by: User,
    user: User,
    board: str,
    term_start: date,
    term_end: date | None,
    declared_interests: str = "",
) -> RepresentativeRole:
    """Record that an active member represents the forum on a board or group."""
    _require_lead(added_by, forum)
    if not Membership.objects.active().filter(forum=forum, user=user).exists():
        raise ValidationError("Representatives must be active members of the forum.")
    if term_end and term_end < term_start:
        raise ValidationError("The end of the term must be after its start.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(forum=forum, user=user)
        if membership.role == MembershipRole.MEMBER:
            membership.role = MembershipRole.REPRESENTATIVE
            membership.save(update_fields=["role"])
        return RepresentativeRole.objects.create(
            forum=forum,
            user=user,
            board=board.strip(),
            term_start=term_start,
            term_end=term_end,
            declared_interests=declared_interests.strip(),
        )


def representative_term_end(
    *, seat: RepresentativeRole, ended_by: User, on: date | None = None
) -> RepresentativeRole:
    _require_lead(ended_by, seat.forum)
    with transaction.atomic():
        seat.term_end = on or timezone.localdate()
        seat.save(update_fields=["term_end"])
    return seat


def engagement_record(
    *,
    forum: Forum,
    recorded_by: User,
    date: date,
    method: str,
    title: str,
    participants: int,
    themes: str,
    ladder_rung: int,
) -> EngagementEntry:
    _require_lead(recorded_by, forum)
    if date > timezone.localdate():
        raise ValidationError("Record engagement after it has happened.")
    with transaction.atomic():
        return EngagementEntry.objects.create(
            forum=forum,
            recorded_by=recorded_by,
            date=date,
            method=method,
            title=title.strip(),
            participants=participants,
            themes=themes.strip(),
            ladder_rung=ladder_rung,
        )


# Export -------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["Name", "Email", "Role", "Status", "Asked to join", "Joined", "Left"]


def members_export_csv(*, forum: Forum, exported_by: User) -> str:
    """The forum's member list as CSV, recorded in the export log in the same transaction."""
    _require_lead(exported_by, forum)
    memberships = (
        Membership.objects.filter(forum=forum).select_related("user").order_by("user__full_name")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(EXPORT_COLUMNS))
    rows = 0
    for membership in memberships.iterator(chunk_size=1000):
        writer.writerow(
            csv_row(
                [
                    membership.user.full_name,
                    membership.user.email,
                    membership.get_role_display(),
                    membership.get_status_display(),
                    f"{membership.requested_at:%Y-%m-%d}",
                    f"{membership.joined_at:%Y-%m-%d}" if membership.joined_at else "",
                    f"{membership.left_at:%Y-%m-%d}" if membership.left_at else "",
                ]
            )
        )
        rows += 1
    with transaction.atomic():
        access_log_record(
            kind=AccessKind.EXPORTED,
            what=AccessWhat.MEMBERS,
            subject=forum,
            person=exported_by,
            file_format="csv",
            row_count=rows,
        )
    return out.getvalue()
