from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from accounts.mfa import second_step_record_on_setup

        authenticator_added.connect(
            second_step_record_on_setup, dispatch_uid="accounts.second_step_on_setup"
        )
