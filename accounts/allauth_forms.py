"""allauth's own forms with GOV.UK wording and inputs.

Kept apart from accounts.forms because allauth imports that module for the sign-up fields.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthMfaAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthMfaReauthenticateForm
from django import forms


def _plain_gov_uk_inputs(form: forms.Form, labels: dict[str, str]) -> None:
    """GOV.UK inputs have visible labels and no placeholders or autofocus."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        field.widget.attrs.pop("autofocus", None)
        if name in labels:
            field.label = labels[name]
        if name == "email":
            field.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})


class SignupForm(AllauthSignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_gov_uk_inputs(
            self,
            {
                "email": "Email address",
                "password1": "Create a password",
                "password2": "Type your password again",
            },
        )
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["password1"].error_messages["required"] = "Create a password"
        self.fields["password2"].error_messages["required"] = "Type your password again"


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_gov_uk_inputs(self, {"login": "Email address", "password": "Password"})
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_gov_uk_inputs(self, {"email": "Email address"})
        self.fields["email"].error_messages["required"] = "Enter your email address"


def _code_field(form: forms.Form) -> None:
    """One label and hint for the second step, wherever it is asked for."""
    code = form.fields["code"]
    code.label = "Code from your authenticator app"
    code.help_text = (
        "The 6-digit code the app on your phone shows now, or one of your 8-digit recovery codes"
    )
    code.error_messages["required"] = "Enter the code from your authenticator app"
    code.widget.attrs.pop("placeholder", None)
    code.widget.attrs.update(
        {
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
            "class": "govuk-input govuk-input--width-10",
        }
    )


class MfaReauthenticateForm(AllauthMfaReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)


class MfaAuthenticateForm(AllauthMfaAuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self)
