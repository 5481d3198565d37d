"""Forms for consultations, by audience: building, answering, and results."""

from __future__ import annotations

from consultations.forms.answering import (
    CarryOnEmailForm,
    CarryOnForm,
    ChangeAnswersForm,
    SectionAnswersForm,
    SubmitForm,
)
from consultations.forms.building import (
    ConsultationDetailsForm,
    DatesForm,
    QuestionForm,
    SectionForm,
    TemplateForm,
)
from consultations.forms.results import (
    ActionForm,
    ActionStatusForm,
    AnswerQuoteForm,
    CodingFilterForm,
    PublishForm,
    ResultsFilterForm,
    ThemeCodingForm,
    ThemeForm,
)

__all__ = [
    "ActionForm",
    "ActionStatusForm",
    "AnswerCodingForm",
    "CarryOnEmailForm",
    "AnswerQuoteForm",
    "CarryOnForm",
    "ChangeAnswersForm",
    "CodingFilterForm",
    "ConsultationDetailsForm",
    "DatesForm",
    "PublishForm",
    "QuestionForm",
    "ResultsFilterForm",
    "SectionAnswersForm",
    "SectionForm",
    "SubmitForm",
    "TemplateForm",
    "ThemeCodingForm",
    "ThemeForm",
]
