"""`manage.py check` with production settings, in a process of its own (settings are read once,
when Django starts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Everything production requires, with values that pass its checks.
PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "SECRET_KEY": "x" * 20 + "production-check-secret-key-value-1234567890",
    "MFA_ENCRYPTION_KEY": "production-check-mfa-encryption-key-0123456789",
    "ALLOWED_HOSTS": "coproduce.example",
    "SITE_URL": "https://coproduce.example",
    "DATABASE_URL": "sqlite:////tmp/coproduce-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example:25",
    "TESTING": "false",
}


def production_check(
    *args: str, without: tuple[str, ...] = (), **overrides: str
) -> subprocess.CompletedProcess[str]:
    """Run `manage.py check *args` with PRODUCTION_ENV, leaving out the variables named in
    ``without`` (from this process's environment too) and changing those in ``overrides``."""
    left_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", *without}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update({k: v for k, v in PRODUCTION_ENV.items() if k not in left_out})
    env.update(overrides)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
