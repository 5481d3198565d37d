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
    AnswerCodingForm,
    PublishForm,
    ResultsFilterForm,
    ThemeForm,
)

__all__ = [
    "ActionForm",
    "ActionStatusForm",
    "AnswerCodingForm",
    "CarryOnEmailForm",
    "CarryOnForm",
    "ChangeAnswersForm",
    "ConsultationDetailsForm",
    "DatesForm",
    "PublishForm",
    "QuestionForm",
    "ResultsFilterForm",
    "SectionAnswersForm",
    "SectionForm",
    "SubmitForm",
    "TemplateForm",
    "ThemeForm",
]
