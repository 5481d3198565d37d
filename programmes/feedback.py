"""The young people's feedback form, defined once: three questions in Easy Read words, each
answer with a picture and the picture's text alternative.

The form is a consultation (made by ``services.feedback_form_create``) with these questions
and options in this order; the shared-device page draws each option's picture from here by
position, and the lead's counts read the consultation's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultations.services import FormQuestion


@dataclass(frozen=True)
class Picture:
    """A pictogram in static/images/feedback/ and what it shows, for people who cannot see it."""

    file: str
    alt: str

    @property
    def path(self) -> str:
        return f"images/feedback/{self.file}"


@dataclass(frozen=True)
class FeedbackOption:
    text: str
    picture: Picture


@dataclass(frozen=True)
class FeedbackQuestion:
    text: str
    hint: str
    options: tuple[FeedbackOption, ...]
    # What an empty answer is told, in Easy Read words.
    missing: str

    def form_question(self) -> FormQuestion:
        return FormQuestion(
            text=self.text,
            help_text=self.hint,
            choices=tuple(option.text for option in self.options),
        )


GOOD = Picture("face-good.svg", "A smiling face")
OK = Picture("face-ok.svg", "A face with a straight mouth")
NOT_GOOD = Picture("face-not-good.svg", "A sad face")
TICK = Picture("tick.svg", "A tick")
WAVY = Picture("wavy.svg", "A wavy line")
QUESTION_MARK = Picture("question.svg", "A question mark")
CROSS = Picture("cross.svg", "A cross")

TITLE = "Tell us about today"
SUMMARY = (
    "A short feedback form for the young people at the end of a group meeting. It has 3 "
    "questions, each answered by choosing a picture. It does not ask for names."
)
EASY_READ = "\n".join(
    (
        "Tell us what you thought of today.",
        "There are 3 questions.",
        "Choose 1 picture for each question.",
        "You do not write your name.",
        "Nobody will know which pictures you chose.",
    )
)

QUESTIONS: tuple[FeedbackQuestion, ...] = (
    FeedbackQuestion(
        text="How did you feel in the group today?",
        hint="Choose 1 face.",
        options=(
            FeedbackOption("Good", GOOD),
            FeedbackOption("OK", OK),
            FeedbackOption("Not good", NOT_GOOD),
        ),
        missing="Choose a face for how you felt today.",
    ),
    FeedbackQuestion(
        text="Did people listen to you?",
        hint="Choose 1 picture.",
        options=(
            FeedbackOption("Yes", TICK),
            FeedbackOption("Sometimes", WAVY),
            FeedbackOption("No", CROSS),
        ),
        missing="Choose a picture for if people listened to you.",
    ),
    FeedbackQuestion(
        text="Would you like to come again?",
        hint="Choose 1 picture.",
        options=(
            FeedbackOption("Yes", TICK),
            FeedbackOption("Maybe", QUESTION_MARK),
            FeedbackOption("No", CROSS),
        ),
        missing="Choose a picture for if you want to come again.",
    ),
)


def form_questions() -> list[FormQuestion]:
    return [question.form_question() for question in QUESTIONS]
