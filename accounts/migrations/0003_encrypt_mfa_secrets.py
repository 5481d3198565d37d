"""Encrypt authenticator secrets and recovery-code seeds stored in clear before they were
encrypted (see accounts.mfa). Safe to run again: encrypted values are left as they are."""

from __future__ import annotations

from collections.abc import Callable

from django.db import migrations

from accounts.mfa import secret_decrypt, secret_encrypt


def _convert(apps, convert: Callable[[str], str]) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = convert(data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, secret_encrypt)


def decrypt_secrets(apps, schema_editor) -> None:
    _convert(apps, secret_decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_memberprofile"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
