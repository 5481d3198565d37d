from __future__ import annotations

from django import forms

from notifications.models import Category, Frequency, Preferences

TIME_WIDGET = forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}, format="%H:%M")


class PreferencesForm(forms.ModelForm[Preferences]):
    class Meta:
        model = Preferences
        fields = [
            *Category.values,
            "digest_day",
            "digest_time",
            "quiet_from",
            "quiet_until",
        ]
        labels = {
            **{c.value: c.label for c in Category},
            "digest_day": "Which day should the weekly digest come?",
            "digest_time": "At what time should digests come?",
            "quiet_from": "Quiet from",
            "quiet_until": "Quiet until",
        }
        help_texts = {
            "digest_time": "On the hour, for example 09:00 or 18:00.",
            "quiet_from": "Nothing optional is sent in your quiet hours: it comes when they end. "
            "For example, 21:00.",
            "quiet_until": "For example, 08:00.",
        }
        widgets = {
            **{c.value: forms.RadioSelect for c in Category},
            "digest_time": TIME_WIDGET,
            "quiet_from": TIME_WIDGET,
            "quiet_until": TIME_WIDGET,
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for category in Category:
            field = self.fields[category.value]
            field.choices = Frequency.choices  # type: ignore[attr-defined]
            field.error_messages["required"] = (
                f"Choose how often to hear about {category.label.lower()}"
            )
            field.error_messages["invalid_choice"] = "Choose one of the options"
        for name, what in (
            ("digest_time", "digest time"),
            ("quiet_from", "start of your quiet hours"),
            ("quiet_until", "end of your quiet hours"),
        ):
            self.fields[name].error_messages.update(
                {"required": f"Enter the {what}", "invalid": f"Enter the {what} like 21:00"}
            )
        self.fields["digest_day"].error_messages["invalid_choice"] = "Choose a day of the week"

    def clean_digest_time(self) -> object:
        value = self.cleaned_data["digest_time"]
        if value is not None and value.minute:
            raise forms.ValidationError("Digests come on the hour: enter a time like 09:00")
        return value
