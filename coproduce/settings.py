"""Coproduce settings: one module, read from the environment.

Every variable has a default that runs on a laptop with nothing installed: SQLite and the
background-job broker live under ``var/``, and emails are written to the console. Turn on
``PRODUCTION=true`` for a deployment; then ``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL`` and
``ALLOWED_HOSTS`` must be given and every security header is on.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Admin classes and model forms name their model for the type checker (admin.ModelAdmin[Forum]);
# Django's own classes need this to accept the subscript when the module runs.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

PRODUCTION = env.bool("PRODUCTION", default=False)
TESTING = "pytest" in sys.modules or env.bool("TESTING", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION and not TESTING)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="coproduce-local-development-only-not-a-secret-key-0123456789"
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address. Every link in an email is built from it, never from the request's Host
# header, so a forged Host cannot send someone a reset link that points elsewhere.
if PRODUCTION:
    SITE_URL = env.str("SITE_URL").rstrip("/")
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured("SITE_URL must start with https:// in production.")
else:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

if not PRODUCTION:
    VAR_DIR.mkdir(exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "django_celery_beat",
    "simple_history",
    "core",
    "accounts",
    "forums",
    "glossary",
    "consultations",
    "peer_network",
    "programmes",
    "library",
    "raised",
    "notifications",
    "dashboards",
    "privacy",
    "front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.AccessContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.SessionLimitsMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "core.middleware.PrivatePagesNoStoreMiddleware",
    "core.middleware.RateLimitedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "front.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'coproduce.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app and the worker write the same file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required in production (broker and cache).")

# Rate limits keep their counts in the cache. A dead Redis must fail fast (short timeouts) and
# be answered with a "try again" page (core.cache, core.middleware), never a server error.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="coproduce"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login, verified before anything else can happen.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming signs the person in when it happens in the browser they signed up (or tried to sign
# in) with, within ACCOUNT_LOGIN_TIMEOUT; the two-step code is still asked for after it.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# How long emailed links last (the emails and the "check your email" page say so). The wait
# before a confirmation email can be sent again is allauth's "confirm_email" rate limit: one
# per address every 3 minutes.
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Tell people by email when their password, email address or two-step sign-in changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "signup": "accounts.allauth_forms.SignupForm",
    "login": "accounts.allauth_forms.LoginForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coproduce] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits are on by default (login, failed logins, signup, password reset, email);
# ACCOUNT_RATE_LIMITS must never be set to False (tests/core/test_limits.py checks each is on).
# The service's own limits (core.limits): for each action, how many attempts a signed-in
# person and a network address may make, as count/period (m, h or d; 5/10m is five in ten
# minutes). Each can be set from the environment.
SERVICE_RATE_LIMITS = {
    "consultation_submit": {
        "person": env.str("LIMIT_CONSULTATION_SUBMIT_PERSON", default="20/h"),
        "address": env.str("LIMIT_CONSULTATION_SUBMIT_ADDRESS", default="100/h"),
    },
    "open_link_start": {
        "address": env.str("LIMIT_OPEN_LINK_START_ADDRESS", default="20/h"),
    },
    "invitation_send": {
        "person": env.str("LIMIT_INVITATION_SEND_PERSON", default="30/h"),
        "address": env.str("LIMIT_INVITATION_SEND_ADDRESS", default="60/h"),
    },
    "booking": {
        "person": env.str("LIMIT_BOOKING_PERSON", default="20/h"),
        "address": env.str("LIMIT_BOOKING_ADDRESS", default="100/h"),
    },
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.mfa.MfaAdapter"
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.MfaAuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.MfaReauthenticateForm",
}
# Authenticator secrets are encrypted with this key (accounts.mfa). It is kept out of the
# database, so a copy of the database alone cannot produce anyone's sign-in codes.
if PRODUCTION:
    MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY")
    if len(MFA_ENCRYPTION_KEY) < 32 or MFA_ENCRYPTION_KEY == SECRET_KEY:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEY must be at least 32 characters and differ from SECRET_KEY."
        )
else:
    MFA_ENCRYPTION_KEY = env.str(
        "MFA_ENCRYPTION_KEY",
        default=hashlib.sha256(f"coproduce-mfa-secrets:{SECRET_KEY}".encode()).hexdigest(),
    )
MFA_TOTP_ISSUER = "Coproduce"
MFA_RECOVERY_CODE_COUNT = 10

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LANGUAGE_CODE = "en-gb"
# The service's own wording for allauth's pages (locale/en_GB/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Email: the console by default, a folder with EMAIL_BACKEND=filebased, SMTP with EMAIL_URL.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if env.str("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coproduce <no-reply@coproduce.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION and EMAIL_BACKEND.endswith("console.EmailBackend"):
    raise ImproperlyConfigured("Set EMAIL_URL to an SMTP server in production.")

# Background jobs. With REDIS_URL the broker is Redis; without it, Celery's filesystem transport
# under var/broker/ lets `make run` start a real worker and scheduler with nothing installed.
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task whose worker is killed outright stays unacknowledged in Redis; once it has waited
    # this long (plus up to about 100 s until a worker's next sweep) another worker runs it.
    # It must outlast the longest task (task_time_limit, 180 s, in coproduce/celery.py), or a
    # slow task still running would be started a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 10 * 60}
else:
    CELERY_BROKER_URL = "filesystem://"
    for folder in ("queue", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE

# Private files, outside the static and media folders, each served only to the one person it is
# for: downloads of a person's data (privacy app), and large exports (EXPORTS_DIR, inside it).
# The web app and the worker must share this folder.
PRIVATE_FILES_ROOT = env.path("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private"))

# Exports of a consultation's responses: from this many responses up, the file is written by a
# background job into EXPORTS_DIR and deleted EXPORT_RETENTION_DAYS later. Smaller ones are
# streamed.
EXPORT_BACKGROUND_FROM = env.int("EXPORT_BACKGROUND_FROM", default=5000)
EXPORTS_DIR = env.path("EXPORTS_DIR", default=str(Path(PRIVATE_FILES_ROOT) / "exports"))
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)

# Security. Headers that matter everywhere are always on; HTTPS-only ones under PRODUCTION.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after two hours without a request and after twelve hours whatever
# happens (core.middleware.SessionLimitsMiddleware). The cookie's age is the idle limit: the
# middleware writes the last-used time about once a minute, which renews it.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=60 * 60 * 2)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=60 * 60 * 12)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# Browser features the service never uses are turned off for every page (core.middleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)
# How many proxies in front of the service add to X-Forwarded-For (0: none, the connection's
# own address is the client's). Limits and the access log read the address through this.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "core.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

PRIVACY_NOTICE_VERSION = "2026-11"

# People's own data (privacy app; docs/retention.md lists each with its reason).
# How long the link to a download of one's data works; the file is deleted after it.
DATA_EXPORT_LINK_DAYS = env.int("DATA_EXPORT_LINK_DAYS", default=7)
# Retention, enforced every night by privacy.tasks.retention_apply.
RETENTION_DRAFT_DAYS = env.int("RETENTION_DRAFT_DAYS", default=90)
RETENTION_DRAFT_REMINDER_DAYS = env.int("RETENTION_DRAFT_REMINDER_DAYS", default=7)
RETENTION_NAMED_ANSWERS_MONTHS = env.int("RETENTION_NAMED_ANSWERS_MONTHS", default=24)
RETENTION_EMAIL_BODY_DAYS = env.int("RETENTION_EMAIL_BODY_DAYS", default=90)
RETENTION_INVITATION_DAYS = env.int("RETENTION_INVITATION_DAYS", default=30)
SERVICE_NAME = "Coproduce"

# The small-number rule (core.suppression): counts from 1 to this less one are never shown to
# commissioners or the public, in pages, exports or published results.
SMALL_NUMBER_THRESHOLD = env.int("SMALL_NUMBER_THRESHOLD", default=5)
SERVICE_CONTACT_EMAIL = env.str("SERVICE_CONTACT_EMAIL", default="help@coproduce.example")

if TESTING:
    # Tasks run as they are queued (the outbox's sends, after the commit), so tests read
    # mail.outbox; the worker suite turns this off and runs a real worker.
    CELERY_TASK_ALWAYS_EAGER = True
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    WHITENOISE_AUTOREFRESH = True
    # Files of large exports written by tests go to a folder of their own.
    EXPORTS_DIR = VAR_DIR / "test-exports"
    # Each test process keeps its own cache: clearing it between tests must not touch the broker.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
