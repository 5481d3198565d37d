from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from consultations import services
from consultations.models import (
    ActionStatus,
    Answer,
    Consultation,
    ImpactUpdate,
    QuestionKind,
    Theme,
)
from consultations.results import consultation_results
from core.suppression import HIDDEN
from tests.consultations.factories import consultation_with_responses, make_consultation
from tests.consultations.helpers import answer_all, q
from tests.dates import gov_date
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def _close(consultation: Consultation) -> None:
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()


def test_results_count_every_answer(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    for age in ("0 to 4", "5 to 10", "5 to 10"):
        answer_all(make_client(MembershipFactory.create(forum=forum).user), consultation, age=age)
    results = consultation_results(consultation)
    assert results.respondents == 3
    single = next(
        r for _, rs in results.sections for r in rs if r.question.kind == QuestionKind.SINGLE
    )
    assert [(row.label, row.count) for row in single.rows] == [
        ("0 to 4", 1),
        ("5 to 10", 2),
        ("11 to 15", 0),
    ]
    priorities = next(
        r for _, rs in results.sections for r in rs if r.question.kind == QuestionKind.PRIORITIES
    )
    assert (
        priorities.rows[0].label == "Breaks" and priorities.rows[0].points == 6
    )  # 3 first choices x 2 points
    page = (
        make_client(lead)
        .get(reverse("consultations:results", args=[consultation.pk]))
        .content.decode()
    )
    assert "3 people sent their answers" in page
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    )  # lead sees exact counts


def test_results_filter_by_respondent_type(gateshead: ForumLead) -> None:
    consultation = consultation_with_responses(*gateshead, responses=30)
    everyone = consultation_results(consultation).respondents
    parents = consultation_results(consultation, respondent_type="parent_carer").respondents
    practitioners = consultation_results(consultation, respondent_type="practitioner").respondents
    assert everyone == 30 and parents + practitioners == 30 and 0 < parents < 30


@pytest.mark.parametrize("responses", [10, 1000])
def test_results_page_query_count_is_constant(
    responses: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=responses)
    client = make_client(lead)
    # 18 with the navigation's programmes link, 1 to record the view in the access log and 1
    # for its content type (read once, then cached by Django).
    with django_assert_max_num_queries(20):
        page = client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    assert f"{responses} people sent their answers" in page


def test_leads_code_free_text_into_themes(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead, member: User
) -> None:
    _, lead = gateshead
    answer_all(make_client(member), consultation, text="The waiting list is two years")
    _close(consultation)
    client = make_client(lead)
    client.post(reverse("consultations:themes", args=[consultation.pk]), {"name": "Waiting times"})
    theme = Theme.objects.get()
    question = q(consultation, QuestionKind.LONG_TEXT)
    answer = Answer.objects.get(question=question)
    url = reverse("consultations:theme_coding", args=[consultation.pk, question.pk])
    assert "The waiting list is two years" in client.get(url).content.decode()
    client.post(url, {"answers": [answer.pk], "themes": [theme.pk], "action": "add"})
    client.post(
        reverse("consultations:answer_quote", args=[consultation.pk, answer.pk]), {"quote": "yes"}
    )
    answer.refresh_from_db()
    assert list(answer.themes.all()) == [theme] and answer.featured
    result = next(
        r for _, rs in consultation_results(consultation).sections for r in rs if r.question.is_text
    )
    assert [(row.label, row.count) for row in result.themes] == [("Waiting times", 1)]


def test_published_results_are_suppressed(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=12)
    answer_all(make_client(member), consultation, age="11 to 15", text="Quote me please")
    _close(consultation)
    answer = Answer.objects.get(
        text="Quote me please", question=q(consultation, QuestionKind.LONG_TEXT)
    )
    services.answer_quote_set(answer=answer, edited_by=lead, quote=True)
    client = make_client(lead)
    response = client.post(
        reverse("consultations:publish", args=[consultation.pk]),
        {"audience": "public", "you_said": "You told us waits are too long."},
    )
    assert response["Location"] == reverse("consultations:impact", args=[consultation.pk])
    page = (
        make_client(None)
        .get(reverse("consultations:published_results", args=[consultation.pk]))
        .content.decode()
    )
    assert "13 people sent their answers" in page
    results = consultation_results(consultation, published=True)
    single = next(
        r for _, rs in results.sections for r in rs if r.question.kind == QuestionKind.SINGLE
    )
    small = [row for row in single.rows if 0 < row.count < 5]
    assert small, "the test data should include a small count"
    for row in small:
        assert row.figure.count == HIDDEN and row.figure.percent is None
        assert f">{row.count}</td>" not in page.split(single.question.text)[1].split("</table>")[0]
    assert HIDDEN in page
    assert "Quote me please" in page  # consented and chosen
    impact = (
        make_client(None)
        .get(reverse("consultations:impact", args=[consultation.pk]))
        .content.decode()
    )
    assert "You told us waits are too long." in impact


def test_results_are_published_only_after_closing(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    _, lead = gateshead
    page = (
        make_client(lead)
        .post(
            reverse("consultations:publish", args=[consultation.pk]),
            {"audience": "public", "you_said": "x"},
        )
        .content.decode()
    )
    assert "You can publish the results once the consultation has closed" in page
    consultation.refresh_from_db()
    assert consultation.results_published_at is None


def test_members_only_results_are_hidden_from_others(
    make_client: MakeClient,
    consultation: Consultation,
    gateshead: ForumLead,
    member: User,
    sunderland: ForumLead,
) -> None:
    _, lead = gateshead
    _close(consultation)
    services.results_publish(
        consultation=consultation, published_by=lead, audience="members", you_said="Summary"
    )
    url = reverse("consultations:published_results", args=[consultation.pk])
    assert make_client(member).get(url).status_code == 200
    assert (
        make_client(MembershipFactory.create(forum=sunderland[0]).user).get(url).status_code == 404
    )
    assert make_client(None).get(url)["Location"].startswith("/accounts/login/")


def test_actions_and_their_updates(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    _, lead = gateshead
    _close(consultation)
    theme = services.theme_create(consultation=consultation, edited_by=lead, name="Waiting times")
    question = q(consultation, QuestionKind.LONG_TEXT)
    client = make_client(lead)
    response = client.post(
        reverse("consultations:actions", args=[consultation.pk]),
        {
            "title": "Extra autism assessment clinics",
            "owner_type": "nhs",
            "owner_name": "Gateshead ICB",
            "status": "planned",
            **gov_date("due_date", "2027-03-31"),
            "evidence_url": "https://example.org/plan",
            "questions": [question.pk],
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    action = consultation.actions.get()
    assert list(action.themes.all()) == [theme] and list(action.questions.all()) == [question]
    client.post(
        reverse("consultations:action_status", args=[consultation.pk, action.pk]),
        {"status": "in_progress"},
    )
    client.post(
        reverse("consultations:action_status", args=[consultation.pk, action.pk]),
        {"status": "in_progress"},
    )
    updates = list(
        ImpactUpdate.objects.filter(action=action)
        .order_by("created_at")
        .values_list("status", flat=True)
    )
    assert updates == ["planned", "in_progress"]  # an unchanged status records nothing new
    page = (
        make_client(None)
        .get(reverse("consultations:impact", args=[consultation.pk]))
        .content.decode()
    )
    assert (
        "Extra autism assessment clinics" in page
        and "In progress" in page
        and "Gateshead ICB" in page
    )
    assert consultation.forum is not None
    log = (
        make_client(None)
        .get(reverse("consultations:forum_impact", args=[consultation.forum.slug]))
        .content.decode()
    )
    assert "Extra autism assessment clinics" in log


def test_not_possible_needs_a_reason(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    _, lead = gateshead
    page = (
        make_client(lead)
        .post(
            reverse("consultations:actions", args=[consultation.pk]),
            {
                "title": "New school",
                "owner_type": "council",
                "owner_name": "Council",
                "status": "not_possible",
            },
        )
        .content.decode()
    )
    assert "Say why it was not possible" in page
    assert not consultation.actions.exists()
    action = services.action_create(
        consultation=consultation, created_by=lead, title="X", owner_type="council", owner_name="C"
    )
    response = make_client(lead).post(
        reverse("consultations:action_status", args=[consultation.pk, action.pk]),
        {"status": "not_possible"},
        follow=True,
    )
    assert "Say why it was not possible" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_exports_are_recorded_and_anonymous_ones_name_nobody(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead, member: User
) -> None:
    _, lead = gateshead
    answer_all(make_client(member), consultation, text="=HYPERLINK(bad)")
    client = make_client(lead)
    response = client.post(reverse("consultations:export", args=[consultation.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Sent", "Respondent type"]
    assert "Name" not in rows[0] and "Email" not in rows[0]
    assert member.email not in response.getvalue().decode()
    assert "'=HYPERLINK(bad)" in rows[1]
    response = client.post(reverse("consultations:export", args=[consultation.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.cell(row=2, column=1).value.startswith("CP-")
    assert list(
        consultation.access_log.exports().values_list("file_format", "row_count", "person")
    ) == [
        ("xlsx", 1, lead.pk),
        ("csv", 1, lead.pk),
    ]


def test_named_exports_include_the_person(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, identity_mode="named")
    answer_all(make_client(member), consultation)
    content = (
        make_client(lead)
        .post(reverse("consultations:export", args=[consultation.pk, "csv"]))
        .getvalue()
        .decode("utf-8-sig")
    )
    assert member.email in content


def test_exports_carry_each_answers_themes(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead, member: User
) -> None:
    _, lead = gateshead
    answer_all(make_client(member), consultation, text="Longer waits than last year")
    question = q(consultation, QuestionKind.LONG_TEXT)
    answer = Answer.objects.get(question=question)
    themes = [
        services.theme_create(consultation=consultation, edited_by=lead, name=name)
        for name in ("Waiting times", "Assessments")
    ]
    services.answers_code(question=question, edited_by=lead, answer_ids=[answer.pk], themes=themes)
    response = make_client(lead).post(
        reverse("consultations:export", args=[consultation.pk, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    column = rows[0].index(f"{question.text} – themes")
    assert rows[0][column - 1] == question.text
    assert rows[1][column - 1] == "Longer waits than last year"
    assert rows[1][column] == "Assessments; Waiting times"
