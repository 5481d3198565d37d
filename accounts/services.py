"""Writes for accounts: sign-up details, role approval, consent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    ROLES_NEEDING_APPROVAL,
    Consent,
    ConsentKind,
    MemberProfile,
    Role,
    RoleStatus,
    Sector,
    User,
)
from core.emails import email_send_on_commit
from core.text import single_line

SPECIAL_CATEGORY_CONSENT_VERSION = "2026-11"


def user_signup_details_record(
    *,
    user: User,
    full_name: str,
    role: str,
    sector: str = "",
    organisation: str = "",
    privacy_notice_agreed: bool,
    special_category_consent: bool,
) -> User:
    """Store what sign-up asked: name, role request and consents.

    Practitioner and commissioner roles start as pending until staff approve them. Agreement
    to the privacy notice is required. Not idempotent: call once, at sign-up.
    """
    if not privacy_notice_agreed:
        raise ValidationError("Agreement to the privacy notice is required.")
    if role not in Role.values:
        raise ValidationError("Unknown role.")
    if role == Role.PRACTITIONER and sector not in Sector.values:
        raise ValidationError("Practitioners must give their sector.")
    with transaction.atomic():
        user.full_name = single_line(full_name)
        user.role = role
        user.role_status = (
            RoleStatus.PENDING if role in ROLES_NEEDING_APPROVAL else RoleStatus.APPROVED
        )
        user.sector = sector if role == Role.PRACTITIONER else ""
        user.organisation = single_line(organisation) if role in ROLES_NEEDING_APPROVAL else ""
        user.save()
        consent_give(user=user, kind=ConsentKind.PRIVACY_NOTICE)
        if special_category_consent:
            consent_give(user=user, kind=ConsentKind.SPECIAL_CATEGORY)
    return user


def user_details_update(
    *, user: User, full_name: str, organisation: str = "", sector: str = ""
) -> User:
    """Change a person's own name, organisation and sector. The role itself is not changed here."""
    with transaction.atomic():
        user.full_name = single_line(full_name)
        if user.role in ROLES_NEEDING_APPROVAL:
            user.organisation = single_line(organisation)
        if user.role == Role.PRACTITIONER:
            if sector not in Sector.values:
                raise ValidationError("Practitioners must give their sector.")
            user.sector = sector
        user.save(update_fields=["full_name", "organisation", "sector"])
    return user


def _consent_version(kind: str) -> str:
    if kind == ConsentKind.PRIVACY_NOTICE:
        return settings.PRIVACY_NOTICE_VERSION
    return SPECIAL_CATEGORY_CONSENT_VERSION


def consent_give(*, user: User, kind: str) -> Consent:
    """Record a consent with its version and time. Idempotent: an existing current consent of the
    same kind and version is returned; one of an older version is replaced."""
    version = _consent_version(kind)
    with transaction.atomic():
        current = Consent.objects.select_for_update().current().filter(user=user, kind=kind).first()
        if current and current.version == version:
            return current
        if current:
            current.withdrawn_at = timezone.now()
            current.save(update_fields=["withdrawn_at"])
        return Consent.objects.create(user=user, kind=kind, version=version)


# What withdrawing the special-category consent sets each of those answers to.
SPECIAL_CATEGORY_CLEARED: dict[str, object] = {
    "age_bands": [],
    "needs": {},
    "support_level": "",
    "school_type": "",
    "ethnic_group": "",
}
assert set(SPECIAL_CATEGORY_CLEARED) == set(MemberProfile.SPECIAL_CATEGORY_FIELDS)  # noqa: S101


def consent_withdraw(*, user: User, kind: str) -> Consent | None:
    """Withdraw a current consent. Withdrawing the special-category consent also erases what the
    person told us about their children and ethnicity. Idempotent: returns None when there is
    nothing to withdraw."""
    with transaction.atomic():
        current = Consent.objects.select_for_update().current().filter(user=user, kind=kind).first()
        if current is None:
            return None
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
        if kind == ConsentKind.SPECIAL_CATEGORY:
            MemberProfile.objects.filter(user=user).update(**SPECIAL_CATEGORY_CLEARED)
        return current


def has_special_category_consent(user: User) -> bool:
    return user.consents.current().filter(kind=ConsentKind.SPECIAL_CATEGORY).exists()


def member_profile_update(*, user: User, **answers: object) -> MemberProfile:
    """Save the parts of a member's profile they chose to answer. Special-category answers are
    refused without a current special-category consent. Idempotent."""
    allowed = {field.name for field in MemberProfile._meta.get_fields()} - {"id", "user"}
    unknown = set(answers) - allowed
    if unknown:
        raise ValidationError(f"Unknown profile answers: {sorted(unknown)}")
    special = set(answers) & set(MemberProfile.SPECIAL_CATEGORY_FIELDS)
    if special and not has_special_category_consent(user):
        raise ValidationError(
            "Information about your children is only kept with your consent to hold it."
        )
    with transaction.atomic():
        profile, _ = MemberProfile.objects.select_for_update().get_or_create(user=user)
        for name, value in answers.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user"])
        profile.save()
    return profile


def role_request_decide(
    *, user: User, decided_by: User, approve: bool, notify: bool = True
) -> User:
    """Staff approve or decline a practitioner or commissioner role request and the person is
    told by email (unless ``notify`` is False, for demo data). Idempotent for a request that has already been decided the same way."""
    if not decided_by.is_staff:
        raise PermissionDenied("Only staff can decide role requests.")
    if user.role not in ROLES_NEEDING_APPROVAL:
        raise ValidationError("This person's role does not need approval.")
    new_status = RoleStatus.APPROVED if approve else RoleStatus.DECLINED
    if user.role_status == new_status:
        return user
    with transaction.atomic():
        user.role_status = new_status
        user.role_decided_at = timezone.now()
        user.role_decided_by = decided_by
        user.save(update_fields=["role_status", "role_decided_at", "role_decided_by"])
        if notify:
            email_send_on_commit(
                to=[user.email],
                subject=(
                    f"Your {user.get_role_display().lower()} account is approved"
                    if approve
                    else f"We could not approve your {user.get_role_display().lower()} account"
                ),
                template="emails/role_decision.txt",
                context={"user": user, "approved": approve},
            )
    return user
