"""A person with data of every kind the download and account deletion cover, each piece
marked with the person's own tag so that a test can tell whose it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts import services as account_services
from accounts.models import ConsentKind, User
from consultations import services as consultation_services
from consultations.models import Consultation, Question, Response
from forums.models import Forum, MembershipRole, MembershipStatus
from peer_network import services as peer_services
from peer_network.models import Booking, Session
from raised import services as raised_services
from raised.models import Matter
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.library.factories import make_resource
from tests.peer_network.factories import SessionFactory, past_booking, past_session


@dataclass
class Marked:
    """A person and the words only their data holds."""

    user: User
    tag: str
    words: list[str] = field(default_factory=list)
    future_booking: Booking | None = None


@dataclass
class World:
    forum: Forum
    named: Consultation
    named_draft: Consultation
    anonymous: Consultation
    session: Session
    past: Session
    matter: Matter


def _answer(consultation: Consultation, user: User, text: str, *, send: bool) -> Response:
    response = consultation_services.response_start(consultation=consultation, user=user)
    questions = Question.objects.filter(section__consultation=consultation)
    single = questions.get(kind="single")
    choice = single.choices.first()
    assert choice is not None
    consultation_services.response_save_answers(
        response=response,
        answers={
            questions.get(kind="long_text"): consultation_services.AnswerValue(text=text),
            single: consultation_services.AnswerValue(choice_ids=(choice.pk,)),
        },
    )
    if send:
        return consultation_services.response_submit(response=response, quote_consent=True).response
    return response


def person_with_data(world: World, tag: str, *, email: str) -> Marked:
    """A parent carer who leads the forum alongside others, with a profile, consents, answers
    sent and unsent, bookings (future, and past with feedback), a resource, a matter update,
    a directory listing and the emails all that caused."""
    user = UserFactory.create(email=email, full_name=f"Person {tag}")
    person = Marked(user=user, tag=tag)
    MembershipFactory.create(
        forum=world.forum,
        user=user,
        role=MembershipRole.LEAD,
        status=MembershipStatus.ACTIVE,
        request_message=f"Join message {tag}",
    )
    account_services.consent_give(user=user, kind=ConsentKind.SPECIAL_CATEGORY)
    account_services.member_profile_update(
        user=user,
        age_bands=["5-10"],
        needs={"communication": "diagnosed"},
        meeting_adjustments=f"Adjustments {tag}",
        interpreter_language=f"Language {tag}",
    )
    _answer(world.named, user, f"Named answer {tag}", send=True)
    _answer(world.named_draft, user, f"Draft answer {tag}", send=False)
    _answer(world.anonymous, user, f"Anonymous draft {tag}", send=False)
    person.future_booking = peer_services.booking_create(
        session_id=world.session.pk, user=user, access_needs=f"Access needs {tag}"
    )
    booking = past_booking(world.past, user, attended=True)
    Booking.objects.filter(pk=booking.pk).update(access_needs=f"Past access needs {tag}")
    peer_services.feedback_give(
        booking=booking, user=user, rating=4, one_thing=f"One thing {tag}", comments="Good"
    )
    peer_services.directory_join(user=user, about=f"Directory about {tag}")
    make_resource(user, f"Resource {tag}")
    raised_services.matter_update_post(matter=world.matter, author=user, body=f"Update {tag}")
    person.words = [
        user.email,
        user.full_name,
        f"Join message {tag}",
        f"Adjustments {tag}",
        f"Language {tag}",
        f"Named answer {tag}",
        f"Draft answer {tag}",
        f"Anonymous draft {tag}",
        f"Access needs {tag}",
        f"Past access needs {tag}",
        f"One thing {tag}",
        f"Directory about {tag}",
        f"Resource {tag}",
        f"Update {tag}",
    ]
    return person


def make_world() -> World:
    from tests.consultations.factories import make_consultation
    from tests.forums.factories import forum_with_lead
    from tests.raised.factories import partner_for, raise_matter

    forum, lead = forum_with_lead("Privacy")
    partner = partner_for(forum, lead)
    return World(
        forum=forum,
        named=make_consultation(forum, lead, identity_mode="named", title="Named one"),
        named_draft=make_consultation(forum, lead, identity_mode="named", title="Named two"),
        anonymous=make_consultation(forum, lead, title="Anonymous one"),
        session=SessionFactory.create(capacity=1),
        past=past_session(),
        matter=raise_matter(forum, lead, partner),
    )
