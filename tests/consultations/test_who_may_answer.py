"""Who may answer which consultation: one table, checked against the list of consultations a
person sees, the per-consultation check the answering pages use, and the answering service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import RoleStatus, User
from consultations import services
from consultations.models import Consultation, QuestionKind, Response
from consultations.permissions import may_answer
from forums.models import Forum, MembershipRole
from forums.services import membership_grant
from tests.accounts.factories import UserFactory
from tests.forums.factories import ForumFactory, MembershipFactory, forum_with_lead

pytestmark = pytest.mark.django_db

AUDIENCES = ("parent_carers", "practitioners", "both")
OWNERS = ("forum", "regional")
IDENTITIES = ("named", "anonymous")

PC, PR = "parent_carer", "practitioner"

# What each person may answer, by owner and audience; the value is the kind of respondent their
# answers are stored as. Anything not listed is refused.
MAY_ANSWER: dict[str, dict[tuple[str, str], str]] = {
    "member_parent_carer": {
        ("forum", "parent_carers"): PC,
        ("forum", "both"): PC,
        ("regional", "parent_carers"): PC,
        ("regional", "both"): PC,
    },
    "lead": {
        ("forum", "parent_carers"): PC,
        ("forum", "both"): PC,
        ("regional", "parent_carers"): PC,
        ("regional", "both"): PC,
    },
    "non_member_parent_carer": {},
    # A forum's own consultations reach the practitioners its leads invited; a regional one
    # reaches every approved practitioner.
    "approved_practitioner": {
        ("regional", "practitioners"): PR,
        ("regional", "both"): PR,
    },
    "member_practitioner": {
        ("forum", "practitioners"): PR,
        ("forum", "both"): PR,
        ("regional", "practitioners"): PR,
        ("regional", "both"): PR,
    },
    # Members of the forum, to show that membership alone is not enough.
    "unapproved_practitioner": {},
    "commissioner": {},
    "staff": {},
}


def _consultation(
    *, forum: Forum, lead: User, staff: User, owner: str, audience: str, identity: str
) -> Consultation:
    now = timezone.now()
    consultation = services.consultation_create(
        created_by=lead if owner == "forum" else staff,
        forum=forum if owner == "forum" else None,
        region=forum.region if owner == "regional" else None,
        title=f"{owner} {audience} {identity}",
        summary="Who may answer.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        respondent_types=audience,
        identity_mode=identity,
    )
    editor = lead if owner == "forum" else staff
    section = services.section_add(consultation=consultation, edited_by=editor, title="Views")
    services.question_add(
        section=section, edited_by=editor, kind=QuestionKind.SHORT_TEXT, text="Anything else?"
    )
    return services.consultation_launch(consultation=consultation, launched_by=editor)


# The people by role, and the consultations by (owner, audience, respondent types).
PeopleAndConsultations = tuple[dict[str, User], dict[tuple[str, str, str], Consultation]]


@pytest.fixture
def people_and_consultations() -> PeopleAndConsultations:
    forum, lead = forum_with_lead("Answering")
    # Another forum in the region: the regional consultation asks both.
    ForumFactory.create(name="Neighbour Parent Carer Forum", region=forum.region)
    staff = UserFactory.create(staff=True)
    membership_grant(forum=forum, user=staff, role=MembershipRole.MEMBER)
    commissioner = UserFactory.create(commissioner=True)
    unapproved = UserFactory.create(practitioner=True, role_status=RoleStatus.PENDING)
    member_practitioner = UserFactory.create(practitioner=True)
    for person in (commissioner, unapproved, member_practitioner):
        membership_grant(forum=forum, user=person, role=MembershipRole.MEMBER)
    people = {
        "member_parent_carer": MembershipFactory.create(forum=forum).user,
        "lead": lead,
        "non_member_parent_carer": UserFactory.create(),
        "approved_practitioner": UserFactory.create(practitioner=True),
        "member_practitioner": member_practitioner,
        "unapproved_practitioner": unapproved,
        "commissioner": commissioner,
        "staff": staff,
    }
    consultations = {
        (owner, audience, identity): _consultation(
            forum=forum, lead=lead, staff=staff, owner=owner, audience=audience, identity=identity
        )
        for owner in OWNERS
        for audience in AUDIENCES
        for identity in IDENTITIES
    }
    return people, consultations


@pytest.mark.parametrize("role", sorted(MAY_ANSWER))
def test_who_may_answer(role: str, people_and_consultations: PeopleAndConsultations) -> None:
    people, consultations = people_and_consultations
    user = people[role]
    listed = set(Consultation.objects.for_respondent(user))
    for (owner, audience, identity), consultation in consultations.items():
        expected = MAY_ANSWER[role].get((owner, audience))
        where = (role, owner, audience, identity)
        assert (consultation in listed) is (expected is not None), where
        assert may_answer(user, consultation) is (expected is not None), where
        if expected is None:
            with pytest.raises(PermissionDenied):
                services.response_start(consultation=consultation, user=user)
            assert not Response.objects.filter(consultation=consultation).exists(), where
        else:
            response = services.response_start(consultation=consultation, user=user)
            assert response.respondent_type == expected, where


def test_the_list_shows_no_consultation_twice(
    people_and_consultations: PeopleAndConsultations,
) -> None:
    """A person in two audience forums sees a consultation once."""
    people, consultations = people_and_consultations
    user = people["member_parent_carer"]
    neighbour = Forum.objects.get(name="Neighbour Parent Carer Forum")
    MembershipFactory.create(forum=neighbour, user=user)
    listed = list(Consultation.objects.for_respondent(user))
    assert len(listed) == len(set(listed)) == 8


def test_anyone_with_an_open_link_may_answer_and_is_stored_as_public(
    people_and_consultations: PeopleAndConsultations,
) -> None:
    people, _ = people_and_consultations
    forum, lead = forum_with_lead("Open")
    now = timezone.now()
    consultation = services.consultation_create(
        created_by=lead,
        forum=forum,
        title="Open to all",
        summary="Anyone with the link.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        audience="open_link",
    )
    section = services.section_add(consultation=consultation, edited_by=lead, title="Views")
    services.question_add(
        section=section, edited_by=lead, kind=QuestionKind.SHORT_TEXT, text="Anything?"
    )
    services.consultation_launch(consultation=consultation, launched_by=lead)
    for role, user in people.items():
        assert may_answer(user, consultation), role
        # Answered through the link, not listed among a member's consultations.
        assert consultation not in Consultation.objects.for_respondent(user), role
    response = services.response_start(
        consultation=consultation, draft_secret=services.new_carry_on_code()
    )
    assert response.respondent_type == "public" and response.respondent is None
