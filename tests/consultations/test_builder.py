from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import good_life, services
from consultations.models import Choice, Consultation, Question, QuestionKind, Section
from tests.consultations.factories import make_consultation
from tests.dates import gov_date
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_a_lead_copies_the_good_life_template(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("consultations:from_template", args=[forum.slug]),
        {**gov_date("opens_on", "2026-12-01"), **gov_date("closes_on", "2027-01-31")},
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("consultations:builder", args=[consultation.pk])
    assert consultation.title == good_life.TITLE and consultation.is_draft
    assert consultation.sections.count() == len(good_life.SECTIONS)
    questions = Question.objects.filter(section__consultation=consultation)
    assert 10 <= questions.count() <= 15
    assert set(questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    agreement = questions.filter(kind=QuestionKind.AGREEMENT).first()
    assert agreement is not None
    assert list(agreement.choices.values_list("text", flat=True))[0] == "Strongly agree"


def test_a_lead_builds_a_consultation_from_scratch(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    client.post(
        reverse("consultations:new", args=[forum.slug]),
        {
            "title": "Transport",
            "summary": "About school transport",
            **gov_date("opens_on", "2026-12-01"),
            **gov_date("closes_on", "2026-12-31"),
            "audience": "members",
            "respondent_types": "both",
            "identity_mode": "named",
            "consent_statement": "",
        },
    )
    consultation = Consultation.objects.get()
    assert list(consultation.audience_forums.all()) == [forum]
    client.post(
        reverse("consultations:section_add", args=[consultation.pk]), {"title": "Getting to school"}
    )
    section = Section.objects.get()
    response = client.post(
        reverse("consultations:question_new", args=[consultation.pk, section.pk]),
        {
            "kind": "single",
            "text": "How does your child get to school?",
            "choices": "Bus\nTaxi\nWalk",
            "allow_other": "on",
            "required": "on",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.required and question.allow_other
    assert list(question.choices.values_list("text", flat=True)) == ["Bus", "Taxi", "Walk"]


def test_bad_question_input_shows_errors_and_writes_nothing(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, launch=False)
    section = consultation.sections.first()
    assert section is not None
    before = Question.objects.count()
    response = make_client(lead).post(
        reverse("consultations:question_new", args=[consultation.pk, section.pk]),
        {"kind": "priorities", "text": "Rank these", "choices": "Only one", "max_choices": "3"},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Give at least 2 options" in page
    assert "Rank these" in page
    assert Question.objects.count() == before


def test_questions_are_reordered_and_removed(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, launch=False)
    section = consultation.sections.first()
    assert section is not None
    first, second, third = section.questions.order_by("position")
    client = make_client(lead)
    client.post(
        reverse("consultations:question_action", args=[consultation.pk, second.pk]),
        {"action": "up"},
    )
    assert list(section.questions.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
        third.pk,
    ]
    client.post(
        reverse("consultations:question_action", args=[consultation.pk, third.pk]),
        {"action": "delete"},
    )
    assert not Question.objects.filter(pk=third.pk).exists()


def test_only_a_drafts_questions_can_change(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    _, lead = gateshead
    question = Question.objects.filter(section__consultation=consultation).first()
    assert question is not None
    client = make_client(lead)
    response = client.post(
        reverse("consultations:question_action", args=[consultation.pk, question.pk]),
        {"action": "delete"},
        follow=True,
    )
    assert (
        "Questions can only be changed while the consultation is a draft"
        in response.content.decode()
    )
    assert Question.objects.filter(pk=question.pk).exists()
    response = client.post(
        reverse("consultations:question_edit", args=[consultation.pk, question.pk]),
        {**{"kind": question.kind, "text": "Changed"}},
    )
    assert (
        "Questions can only be changed while the consultation is a draft"
        in response.content.decode()
    )
    question.refresh_from_db()
    assert question.text != "Changed"


def test_preview_shows_the_respondent_page_and_saves_nothing(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, launch=False)
    client = make_client(lead)
    page = client.get(reverse("consultations:preview", args=[consultation.pk, 1])).content.decode()
    assert "This is how respondents will see this page" in page and "Age of your child?" in page
    client.post(reverse("consultations:preview", args=[consultation.pk, 1]), {})
    assert not consultation.responses.exists()


def test_launching_fixes_the_consultation(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, launch=False)
    make_client(lead).post(reverse("consultations:launch", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_an_empty_consultation_cannot_be_launched(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    client.post(
        reverse("consultations:new", args=[forum.slug]),
        {
            "title": "Empty",
            "summary": "x",
            **gov_date("opens_on", "2026-12-01"),
            **gov_date("closes_on", "2026-12-31"),
            "audience": "members",
            "respondent_types": "both",
            "identity_mode": "named",
        },
    )
    consultation = Consultation.objects.get()
    response = client.post(reverse("consultations:launch", args=[consultation.pk]), follow=True)
    assert "Add at least one question" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.is_draft


def test_closing_before_opening_is_refused(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    page = (
        make_client(lead)
        .post(
            reverse("consultations:new", args=[forum.slug]),
            {
                "title": "Dates",
                "summary": "x",
                **gov_date("opens_on", "2026-12-10"),
                **gov_date("closes_on", "2026-12-01"),
                "audience": "members",
                "respondent_types": "both",
                "identity_mode": "named",
            },
        )
        .content.decode()
    )
    assert "The closing date must be on or after the opening date" in page
    assert not Consultation.objects.exists()


def test_a_lead_of_another_forum_cannot_see_or_change_drafts(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    draft = make_consultation(forum, lead, launch=False)
    other_lead = make_client(sunderland[1])
    question = Question.objects.filter(section__consultation=draft).first()
    assert question is not None
    for url in (
        reverse("consultations:builder", args=[draft.pk]),
        reverse("consultations:edit", args=[draft.pk]),
        reverse("consultations:preview", args=[draft.pk, 1]),
        reverse("consultations:results", args=[draft.pk]),
        reverse("consultations:themes", args=[draft.pk]),
        reverse("consultations:question_edit", args=[draft.pk, question.pk]),
    ):
        assert other_lead.get(url).status_code == 403, url
    assert (
        other_lead.post(
            reverse("consultations:question_action", args=[draft.pk, question.pk]),
            {"action": "delete"},
        ).status_code
        == 403
    )
    assert other_lead.post(reverse("consultations:launch", args=[draft.pk])).status_code == 403
    assert (
        other_lead.post(reverse("consultations:export", args=[draft.pk, "csv"])).status_code == 403
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert Choice.objects.exists()


def test_an_open_consultations_closing_date_cannot_move_into_the_past(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    _, lead = gateshead
    closes_at = consultation.closes_at
    yesterday = timezone.localdate() - timedelta(days=1)
    response = make_client(lead).post(
        reverse("consultations:edit", args=[consultation.pk]),
        {
            "title": consultation.title,
            "summary": consultation.summary,
            **gov_date("closes_on", yesterday.isoformat()),
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The closing date must be in the future. To end the consultation now, use" in page
    consultation.refresh_from_db()
    assert consultation.closes_at == closes_at
    assert consultation.is_open

    with pytest.raises(ValidationError, match="must be in the future"):
        services.consultation_update(
            consultation=consultation,
            edited_by=lead,
            closes_at=timezone.now() - timedelta(minutes=1),
        )
    consultation.refresh_from_db()
    assert consultation.is_open

    # A later closing date is still fine.
    later = timezone.now() + timedelta(days=30)
    services.consultation_update(consultation=consultation, edited_by=lead, closes_at=later)
    consultation.refresh_from_db()
    assert consultation.closes_at == later


def test_a_consultation_title_is_kept_on_one_line(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, launch=False)
    services.consultation_update(
        consultation=consultation, edited_by=lead, title="Short\r\nbreaks\u2029survey"
    )
    consultation.refresh_from_db()
    assert consultation.title == "Short breaks survey"


def test_opening_and_closing_ask_first_and_say_what_will_happen(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    from consultations.models import Consultation

    forum, lead = gateshead
    client = make_client(lead)
    draft = make_consultation(forum, lead, launch=False)
    page = client.get(reverse("consultations:launch", args=[draft.pk])).content.decode()
    assert "Open the consultation" in page and "Yes, open it" in page
    assert forum.name in page and "cannot change" in page
    assert Consultation.objects.get(pk=draft.pk).is_draft  # asking changed nothing
    client.post(reverse("consultations:launch", args=[draft.pk]))
    live = Consultation.objects.get(pk=draft.pk)
    assert live.is_open
    page = client.get(reverse("consultations:close", args=[live.pk])).content.decode()
    assert "Close the consultation now" in page and "Yes, close it now" in page
    assert Consultation.objects.get(pk=live.pk).is_open
    client.post(reverse("consultations:close", args=[live.pk]))
    assert Consultation.objects.get(pk=live.pk).has_closed
