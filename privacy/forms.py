from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from crispy_forms_gds.helper import FormHelper
from django import forms

from accounts.mfa import has_authenticator_app
from accounts.models import User


def code_accepted(user: User, code: str) -> bool:
    """Whether a code from the person's authenticator app, or one of their unused recovery
    codes, is right (a recovery code used here is used up, as at sign-in)."""
    authenticators = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.WEBAUTHN
    )
    return any(authenticator.wrap().validate_code(code) for authenticator in authenticators)


class AccountDeleteForm(forms.Form):
    """The person proves it is them: their password, and a code when they use two-step
    sign-in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.asks_code = has_authenticator_app(user)
        if self.asks_code:
            self.fields["code"] = forms.CharField(
                label="Code from your authenticator app, or a recovery code",
                max_length=50,
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "spellcheck": "false"}
                ),
                error_messages={"required": "Enter the code from your authenticator app"},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("code", "").strip().replace(" ", "")
        # Checked only after the password, so a wrong password uses up no recovery code.
        if self.asks_code and code and "password" in cleaned and not code_accepted(self.user, code):
            self.add_error("code", "The code is not right. Check it and try again")
        return cleaned
