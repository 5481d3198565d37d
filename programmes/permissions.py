"""Who may see and change a school's work in a programme. Each rule is written once here; the
querysets and the single-object checks both use it.

- A school's contacts change their own school's self-assessments, action plan and training.
- A cohort's programme leads see every school in their cohorts, and record training and parent
  carer group meetings; they see no other cohort.
- A school's details and contacts are changed by its contacts, by the leads of a cohort it is
  in, and by staff; programme leads add schools to their own cohorts.
- A young people's group's feedback form is made by the group's leads; young people answer it
  by its open link, without an account, while the meeting is on.
- Staff see everything.
Anyone else is told the school or cohort is not found, whatever its id.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from consultations.models import Consultation
from programmes.models import (
    ActionItem,
    Cohort,
    Enrolment,
    Framework,
    GroupMeeting,
    ProgrammeKind,
    School,
    SchoolContact,
)


def is_school_contact(user: User | AnonymousUser, school_id: int) -> bool:
    return (
        user.is_authenticated
        and SchoolContact.objects.filter(school_id=school_id, user_id=user.pk).exists()
    )


def is_cohort_lead(user: User | AnonymousUser, cohort: Cohort) -> bool:
    """The one rule for who leads a cohort: one of its named leads, or staff."""
    if not user.is_authenticated:
        return False
    return user.is_staff or cohort.leads.filter(pk=user.pk).exists()


def takes_part(user: User | AnonymousUser) -> bool:
    """Whether the programmes pages are for this person at all: a school contact, a programme
    lead or staff (the navigation shows them the link). One query."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        SchoolContact.objects.filter(user_id=user.pk)
        .values("pk")
        .union(Cohort.leads.through.objects.filter(user_id=user.pk).values("pk"))
        .exists()
    )


def get_enrolment_for_viewer(user: User, pk: int) -> Enrolment:
    """A school's place in a cohort, for its contacts, the cohort's leads and staff; 404 for
    anyone else, so an id tried at random says nothing about another school."""
    try:
        return (
            Enrolment.objects.visible_to(user.pk, is_staff=user.is_staff)
            .select_related("school", "school__council_area", "cohort", "cohort__programme")
            .get(pk=pk)
        )
    except Enrolment.DoesNotExist:
        raise Http404("No such school.") from None


def get_enrolment_for_contact(user: User, pk: int) -> Enrolment:
    """A school's place in a cohort, to change its self-assessments, action plan or training:
    404 if the person cannot see it, 403 if they can but are not one of its contacts."""
    enrolment = get_enrolment_for_viewer(user, pk)
    if not is_school_contact(user, enrolment.school_id):
        raise PermissionDenied("Only the school's own contacts can change this.")
    return enrolment


def may_record_meetings(user: User, enrolment: Enrolment) -> bool:
    """Parent carer group meetings are recorded by the school's contacts or the cohort's
    leads (the forum runs the group; its lead often leads the cohort)."""
    return is_school_contact(user, enrolment.school_id) or is_cohort_lead(user, enrolment.cohort)


def get_enrolment_for_recorder(user: User, pk: int) -> Enrolment:
    enrolment = get_enrolment_for_viewer(user, pk)
    if not may_record_meetings(user, enrolment):
        raise PermissionDenied("Only the school's contacts and the cohort's leads can record this.")
    return enrolment


def get_action_for_contact(user: User, pk: int) -> ActionItem:
    """An action-plan item of the person's own school; another school's is not found."""
    try:
        action = ActionItem.objects.select_related(
            "enrolment", "enrolment__school", "enrolment__cohort", "standard"
        ).get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404("No such action.") from None
    get_enrolment_for_contact(user, action.enrolment_id)
    return action


def get_cohort_for_lead(user: User, pk: int) -> Cohort:
    """A cohort, for its own leads and staff. Another lead's cohort is not found."""
    queryset = Cohort.objects.select_related("programme", "programme__framework")
    if not user.is_staff:
        queryset = queryset.led_by(user.pk)
    try:
        return queryset.get(pk=pk)
    except Cohort.DoesNotExist:
        raise Http404("No such cohort.") from None


def get_group_cohort_for_lead(user: User, pk: int) -> Cohort:
    """A young people's group (a cohort of such a programme), for its leads and staff."""
    cohort = get_cohort_for_lead(user, pk)
    if cohort.programme.kind != ProgrammeKind.YOUNG_PEOPLE:
        raise Http404("No such group.")
    return cohort


def get_group_meeting_for_lead(user: User, pk: int) -> GroupMeeting:
    """A meeting of a group the person leads; another lead's meeting is not found."""
    try:
        meeting = GroupMeeting.objects.select_related("cohort", "cohort__programme").get(pk=pk)
    except GroupMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None
    get_group_cohort_for_lead(user, meeting.cohort_id)
    return meeting


def is_programme_lead(user: User | AnonymousUser) -> bool:
    """Programme leads (of any cohort) and staff: they add frameworks and start cohorts."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Cohort.objects.led_by(user.pk).exists()


def may_build_frameworks(user: User | AnonymousUser) -> bool:
    return is_programme_lead(user)


def may_edit_school(user: User | AnonymousUser, school: School) -> bool:
    """A school's details and contacts: its own contacts, the leads of a cohort it is in, and
    staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff or is_school_contact(user, school.pk):
        return True
    return Cohort.objects.led_by(user.pk).filter(enrolments__school=school).exists()


def get_school_for_editor(user: User, pk: int) -> School:
    """A school whose details the person may change; any other school is not found."""
    school = School.objects.select_related("council_area").filter(pk=pk).first()
    if school is None or not may_edit_school(user, school):
        raise Http404("No such school.")
    return school


def get_contact_for_editor(user: User, pk: int) -> SchoolContact:
    """A school's contact, for someone who may change that school's contacts."""
    contact = SchoolContact.objects.select_related("school", "user").filter(pk=pk).first()
    if contact is None or not may_edit_school(user, contact.school):
        raise Http404("No such contact.")
    return contact


def may_change_framework(user: User | AnonymousUser, framework: Framework) -> bool:
    """The lead who made a framework, or staff."""
    if not user.is_authenticated:
        return False
    return user.is_staff or (
        framework.created_by_id is not None and framework.created_by_id == user.pk
    )


def get_framework_for_builder(user: User, pk: int) -> Framework:
    """A framework to read and fill in: for programme leads and staff (403 for others); the
    changes themselves are for its maker."""
    if not may_build_frameworks(user):
        raise PermissionDenied("Frameworks are for programme leads.")
    try:
        return Framework.objects.get(pk=pk)
    except Framework.DoesNotExist:
        raise Http404("No such framework.") from None


def get_feedback_form(token: str) -> Consultation | None:
    """A young people's feedback form by its open link: the link is the permission, and it
    finds only a consultation made as a group meeting's feedback form."""
    if not token or len(token) > 64:
        return None
    return Consultation.objects.filter(
        open_link_token=token,
        launched_at__isnull=False,
        pk__in=GroupMeeting.objects.filter(feedback_form__isnull=False).values("feedback_form_id"),
    ).first()
