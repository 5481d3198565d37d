"""Nothing a person typed may become a live formula in a downloaded spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from openpyxl import load_workbook

from consultations import services
from consultations.models import Consultation, Question, QuestionKind
from tests.accounts.factories import UserFactory
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import choice_id, page_two
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db

EMAIL = "=2+5+cmd|'/ccalc'!a0@evil.example"
NAME = "@SUM(1+1)"
TITLE = '=HYPERLINK("http://evil.example","Click")'
OPTION = "+cmd|' /C calc'!A0"
ANSWER = "-2+3"
OTHER = "＝1+1"


def consultation_questions(consultation: Consultation) -> QuerySet[Question]:
    return Question.objects.filter(section__consultation=consultation)


def _formula_export(make_client: MakeClient, gateshead: ForumLead, file_format: str) -> bytes:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, identity_mode="named", launch=False)
    third = services.section_add(consultation=consultation, edited_by=lead, title="More")
    odd = services.question_add(
        section=third,
        edited_by=lead,
        kind=QuestionKind.SINGLE,
        text=TITLE,
        choices=[OPTION, "Plain"],
        allow_other=True,
    )
    services.consultation_launch(consultation=consultation, launched_by=lead)
    single = consultation_questions(consultation).get(text="Age of your child?")
    multiple = consultation_questions(consultation).get(kind=QuestionKind.MULTIPLE)
    scale = consultation_questions(consultation).get(kind=QuestionKind.SCALE)
    first_page = {
        f"q{single.pk}": choice_id(single, "0 to 4"),
        f"q{multiple.pk}": [choice_id(multiple, "Clubs")],
        f"q{scale.pk}": "4",
    }
    person = UserFactory.create(email=EMAIL, full_name=NAME)
    MembershipFactory.create(forum=forum, user=person)
    client = make_client(person)
    pk = consultation.pk
    client.post(reverse("consultations:answer_start", args=[pk]))
    client.post(reverse("consultations:answer_section", args=[pk, 1]), first_page)
    client.post(
        reverse("consultations:answer_section", args=[pk, 2]), page_two(consultation, ANSWER)
    )
    client.post(
        reverse("consultations:answer_section", args=[pk, 3]),
        {f"q{odd.pk}": choice_id(odd, OPTION)},
    )
    client.post(reverse("consultations:answer_check", args=[pk]), {"quote_consent": "yes"})
    other = make_client(MembershipFactory.create(forum=forum).user)
    other.post(reverse("consultations:answer_start", args=[pk]))
    other.post(reverse("consultations:answer_section", args=[pk, 1]), first_page)
    other.post(reverse("consultations:answer_section", args=[pk, 2]), page_two(consultation))
    other.post(
        reverse("consultations:answer_section", args=[pk, 3]),
        {f"q{odd.pk}": "other", f"q{odd.pk}_other": OTHER},
    )
    other.post(reverse("consultations:answer_check", args=[pk]), {"quote_consent": "yes"})
    assert consultation.responses.filter(submitted_at__isnull=False).count() == 2
    response = make_client(lead).post(reverse("consultations:export", args=[pk, file_format]))
    assert response.status_code == 200
    return response.getvalue()


def test_csv_cells_that_look_like_formulas_start_with_a_quote(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    content = _formula_export(make_client, gateshead, "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for text in (EMAIL, NAME, TITLE, ANSWER):
        assert f"'{text}" in cells, text
    assert f"'{OPTION}" in cells
    assert f"'Other: {OTHER}" in cells or f"Other: {OTHER}" in cells
    # No cell anywhere starts with a character a spreadsheet reads as a formula.
    for cell in cells:
        assert cell[:1] not in set("=+-@\t\r＝＋－＠"), cell


def test_xlsx_text_is_stored_as_text_and_numbers_as_numbers(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    content = _formula_export(make_client, gateshead, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for text in (EMAIL, NAME, TITLE, OPTION, ANSWER):
        assert text in values, text  # the text itself, unchanged
    title = next(cell for cell in cells if cell.value == TITLE)
    assert title.data_type == "s" and title.quotePrefix  # stays text even when edited
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    scale_column = header.index("How satisfied are you?")
    scale_cells = [row[scale_column] for row in sheet.iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in scale_cells] == [(4, "n"), (4, "n")]


def test_exports_stream_every_response_in_order_across_chunks(
    make_client: MakeClient, gateshead: ForumLead, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import io

    from consultations import exports
    from consultations.models import Response
    from tests.consultations.factories import consultation_with_responses

    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=7, pages=1, seed=3)
    monkeypatch.setattr(exports, "CHUNK", 3)  # three chunks: 3, 3 and 1
    client = make_client(lead)
    response = client.post(reverse("consultations:export", args=[consultation.pk, "csv"]))
    assert response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    expected = list(
        Response.objects.submitted()
        .filter(consultation=consultation)
        .order_by("submitted_at", "pk")
        .values_list("reference", flat=True)
    )
    assert [row[0] for row in rows[1:]] == expected and len(expected) == 7
    # Each cell is what the question's kind makes of the answer read the ordinary way.
    from consultations.models import Question
    from consultations.question_kinds import StoredAnswer, kind_of

    questions = list(
        Question.objects.filter(section__consultation=consultation).order_by(
            "section__position", "position", "pk"
        )
    )
    header = rows[0]
    for row in rows[1:]:
        sent = Response.objects.get(reference=row[0])
        for question in questions:
            answer = sent.answers.filter(question=question).first()
            want = (
                "" if answer is None else kind_of(question).cell(question, StoredAnswer.of(answer))
            )
            assert row[header.index(question.text)] == ("" if want is None else str(want))
            if question.is_text:
                themes = "; ".join(t.name for t in answer.themes.order_by("name")) if answer else ""
                assert row[header.index(f"{question.text} – themes")] == themes
    workbook = client.post(reverse("consultations:export", args=[consultation.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.getvalue())).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
