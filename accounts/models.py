from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent carer"
    PRACTITIONER = "practitioner", "Practitioner"
    COMMISSIONER = "commissioner", "Commissioner"


class RoleStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    PENDING = "pending", "Waiting for approval"
    DECLINED = "declined", "Not approved"


class Sector(models.TextChoices):
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Social care"
    VOLUNTARY = "voluntary", "Voluntary and community"


# Roles whose extra access must be approved by staff: nobody can make themselves one.
ROLES_NEEDING_APPROVAL = frozenset({Role.PRACTITIONER, Role.COMMISSIONER})


class UserQuerySet(models.QuerySet["User"]):
    def awaiting_approval(self) -> UserQuerySet:
        return self.filter(
            role__in=ROLES_NEEDING_APPROVAL, role_status=RoleStatus.PENDING, is_active=True
        ).order_by("date_joined")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def awaiting_approval(self) -> UserQuerySet:
        return self.get_queryset().awaiting_approval()

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses Coproduce. Email is the login; the role decides what they can reach.

    Practitioner and commissioner roles carry extra access only once staff approve them
    (``role_status``); until then the person can use the service as any signed-in person.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARENT_CARER)
    role_status = models.CharField(
        max_length=20, choices=RoleStatus.choices, default=RoleStatus.APPROVED
    )
    role_decided_at = models.DateTimeField(null=True, blank=True)
    role_decided_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("id",)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_approved(self) -> bool:
        return self.role_status == RoleStatus.APPROVED

    @property
    def is_parent_carer(self) -> bool:
        return self.role == Role.PARENT_CARER

    @property
    def is_practitioner(self) -> bool:
        return self.role == Role.PRACTITIONER and self.role_approved

    @property
    def is_commissioner(self) -> bool:
        return self.role == Role.COMMISSIONER and self.role_approved

    @property
    def must_use_mfa(self) -> bool:
        """Commissioners and staff see figures about many families, so MFA is not optional."""
        return self.is_staff or self.is_commissioner

    @property
    def role_label(self) -> str:
        if self.is_staff and self.role == Role.PARENT_CARER:
            return "Staff"
        return self.get_role_display()


class ConsentKind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", "Agreement to the privacy notice"
    SPECIAL_CATEGORY = "special_category", "Holding information about my children's needs"


# How consents are named in addresses (/accounts/consent/<slug>/).
CONSENT_KINDS_BY_SLUG = {
    "privacy": ConsentKind.PRIVACY_NOTICE,
    "children": ConsentKind.SPECIAL_CATEGORY,
}


class ConsentQuerySet(models.QuerySet["Consent"]):
    def current(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One consent given by one person, kept after withdrawal as the record of what was agreed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_current_consent_per_kind",
            )
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "current"
        return f"{self.get_kind_display()} ({self.version}, {state})"


class AgeBand(models.TextChoices):
    EARLY_YEARS = "0-4", "0 to 4"
    PRIMARY = "5-10", "5 to 10"
    SECONDARY = "11-15", "11 to 15"
    SIXTEEN_TO_EIGHTEEN = "16-18", "16 to 18"
    YOUNG_ADULT = "19-25", "19 to 25"


class AreaOfNeed(models.TextChoices):
    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical"


class NeedStatus(models.TextChoices):
    DIAGNOSED = "diagnosed", "Diagnosed or identified"
    AWAITING = "awaiting", "Awaiting assessment"


class SupportLevel(models.TextChoices):
    EHCP = "ehcp", "Education, health and care plan (EHCP)"
    SEN_SUPPORT = "sen_support", "SEN Support"
    NEITHER = "neither", "Neither"
    NOT_SURE = "not_sure", "Not sure"


class SchoolType(models.TextChoices):
    EARLY_YEARS = "early_years", "Nursery or early years setting"
    MAINSTREAM = "mainstream", "Mainstream school"
    RESOURCE_BASE = "resource_base", "Mainstream school with a resource base or unit"
    SPECIAL = "special", "Special school"
    ALTERNATIVE = "alternative", "Alternative provision"
    HOME = "home", "Elective home education"
    EOTAS = "eotas", "Education otherwise than at school (EOTAS)"
    COLLEGE = "college", "College or training"
    NOT_IN_EDUCATION = "not_in_education", "Not in education"


class EthnicGroup(models.TextChoices):
    """The Office for National Statistics' ethnic groups (2021 Census, England)."""

    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY = "white_gypsy", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    MIXED_WHITE_CARIBBEAN = "mixed_white_caribbean", "Mixed: White and Black Caribbean"
    MIXED_WHITE_AFRICAN = "mixed_white_african", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    MIXED_OTHER = "mixed_other", "Mixed: any other Mixed or multiple ethnic background"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_OTHER = "black_other", "Black, Black British, Caribbean or African: any other background"
    ARAB = "arab", "Other ethnic group: Arab"
    OTHER = "other", "Other ethnic group: any other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not", "Prefer not to say"


class PreferredFormat(models.TextChoices):
    STANDARD = "standard", "Standard print or email"
    EASY_READ = "easy_read", "Easy Read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"
    BRAILLE = "braille", "Braille"
    BSL_VIDEO = "bsl_video", "British Sign Language (BSL) video"


class MemberProfile(models.Model):
    """What a member chooses to tell us about their family and how to communicate with them.

    Private to the member. The parts about children and ethnicity are special category data:
    they are held only while the member's special-category consent is current, and cleared when
    it is withdrawn. Reach figures use them only as suppressed totals.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member_profile")
    # Special category: held only with consent.
    age_bands = models.JSONField(default=list, blank=True)
    needs = models.JSONField(default=dict, blank=True, help_text="Area of need -> status")
    support_level = models.CharField(max_length=20, choices=SupportLevel.choices, blank=True)
    school_type = models.CharField(max_length=20, choices=SchoolType.choices, blank=True)
    ethnic_group = models.CharField(max_length=30, choices=EthnicGroup.choices, blank=True)
    # Communication needs (the Accessible Information Standard idea: record once, meet everywhere).
    preferred_format = models.CharField(max_length=20, choices=PreferredFormat.choices, blank=True)
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_bsl_interpreter = models.BooleanField(default=False)
    meeting_adjustments = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    SPECIAL_CATEGORY_FIELDS = ("age_bands", "needs", "support_level", "school_type", "ethnic_group")

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    def __str__(self) -> str:
        return f"Profile of {self.user}"
