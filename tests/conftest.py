"""Shared fixtures, and the suite report: which suites ran against which real services.

Locally, a suite whose service is missing (PostgreSQL, Redis, Chromium) is skipped and the reason
printed at the end. Under CI=true nothing may skip: a missing service stops the run as a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from forums.models import Forum
from tests.accounts.factories import UserFactory, second_step_record, totp_enable
from tests.forums.factories import forum_with_lead

# Property tests run on shared CI machines and against real databases, whose speed varies: no
# per-example deadline, and slow data generation is not a failure. Tests narrow this further.
hypothesis_settings.register_profile(
    "coproduce", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("coproduce")

if TYPE_CHECKING:
    from aiosmtpd.smtp import Envelope

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def _redis_available() -> tuple[bool, str]:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False, "REDIS_URL is not set"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:
        return False, f"Redis at {url} did not answer ({error})"
    return True, url


def _services() -> dict[str, tuple[bool, str]]:
    engine = settings.DATABASES["default"]["ENGINE"]
    postgres = (
        (True, settings.DATABASES["default"]["NAME"])
        if "postgresql" in engine
        else (False, "DATABASE_URL is not a PostgreSQL URL (running on SQLite)")
    )
    path = chromium_path()
    chromium = (True, path) if path else (False, "Chromium is not installed")
    server = shutil.which("redis-server")
    redis_server = (True, server) if server else (False, "redis-server is not installed")
    return {
        "postgres": postgres,
        "redis": _redis_available(),
        "browser": chromium,
        "redis_server": redis_server,
    }


SERVICES: dict[str, tuple[bool, str]] = {}
SUITE_MARKERS = ("browser", "worker", "smtp", "postgres")
_outcomes: dict[str, Counter[str]] = {marker: Counter() for marker in (*SUITE_MARKERS, "database")}
# Figures tests report with record_property (added up across test processes), and how to say them.
FIGURES = {
    "object_access_urls": "URLs with an id checked by the access matrix",
    "object_access_actors": "actors each of them is checked with (five required)",
    "hostile_inputs": "hostile inputs tried",
    "hostile_views": "form views they were posted to",
}
_figures: Counter[str] = Counter()


def pytest_configure(config: pytest.Config) -> None:
    SERVICES.update(_services())
    if CI:
        missing = [f"{name}: {why}" for name, (ok, why) in SERVICES.items() if not ok]
        if missing:
            raise pytest.UsageError(
                "CI=true but these services are missing, so suites would skip:\n  "
                + "\n  ".join(missing)
            )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The worker suite runs on whichever broker is configured: Redis when REDIS_URL is set (and
    # CI requires it), otherwise Celery's filesystem transport. Either way it is a real worker.
    needs = {"browser": "browser", "postgres": "postgres", "redis_server": "redis_server"}
    for item in items:
        for marker, service in needs.items():
            if item.get_closest_marker(marker):
                ok, why = SERVICES[service]
                if not ok:
                    item.add_marker(pytest.mark.skip(reason=f"{marker} suite skipped: {why}"))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        keywords = report.keywords
        for marker in SUITE_MARKERS:
            if marker in keywords:
                _outcomes[marker][report.outcome] += 1
        if "django_db" in keywords or "transactional_db" in keywords or "db" in keywords:
            _outcomes["database"][report.outcome] += 1
    if report.when == "call" and report.outcome == "passed":
        for name, value in report.user_properties:
            if name in FIGURES and isinstance(value, int):
                _figures[name] += value


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    engine = "PostgreSQL" if SERVICES["postgres"][0] else "SQLite"
    broker = "Redis" if SERVICES["redis"][0] else "filesystem transport"
    labels = {
        "database": f"database tests on {engine}",
        "postgres": "PostgreSQL-only suite",
        "worker": f"Celery worker suite ({broker})",
        "smtp": "SMTP delivery suite (aiosmtpd)",
        "browser": "browser suite (Chromium + axe-core)",
    }
    terminalreporter.section("Coproduce suites")
    for key, label in labels.items():
        counts = _outcomes[key]
        if not counts:
            continue
        parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"{label}: {parts}")
    for name, (ok, why) in SERVICES.items():
        if not ok:
            terminalreporter.write_line(f"skipped {name} suite: {why}")
    for name, label in FIGURES.items():
        if name in _figures:
            terminalreporter.write_line(f"{label}: {_figures[name]:,}")


@pytest.fixture
def make_client() -> Callable[[User | None], Client]:
    def _make(user: User | None = None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
            second_step_record(client, user)
        return client

    return _make


@pytest.fixture
def parent(db: None) -> User:
    return UserFactory.create(email="parent-carer@example.org")


@pytest.fixture
def practitioner(db: None) -> User:
    return UserFactory.create(email="practitioner@example.org", practitioner=True)


@pytest.fixture
def commissioner(db: None) -> User:
    user = UserFactory.create(email="commissioner@example.org", commissioner=True)
    totp_enable(user)
    return user


@pytest.fixture
def staff(db: None) -> User:
    user = UserFactory.create(email="staff@example.org", staff=True)
    totp_enable(user)
    return user


@pytest.fixture
def gateshead(db: None) -> tuple[Forum, User]:
    """Gateshead's forum and its lead."""
    return forum_with_lead("Gateshead")


@pytest.fixture
def sunderland(db: None) -> tuple[Forum, User]:
    """Another forum and its lead, for checks across forums."""
    return forum_with_lead("Sunderland")


@pytest.fixture
def role_users(
    parent: User, practitioner: User, commissioner: User, staff: User
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "parent_carer": parent,
        "practitioner": practitioner,
        "commissioner": commissioner,
        "staff": staff,
    }


@pytest.fixture
def celery_worker(django_db_blocker: DjangoDbBlocker, worker_id: str) -> Iterator[object]:
    """A real Celery worker in a thread, consuming a queue of this test process's own, so that
    parallel test processes (or a developer's running worker) never take each other's tasks."""
    from celery.contrib.testing.worker import start_worker

    from coproduce.celery import app

    queue = f"test-{worker_id}-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    try:
        with (
            django_db_blocker.unblock(),
            start_worker(
                app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
            ) as worker,
        ):
            yield worker
    finally:
        app.conf.task_default_queue = previous
        app.conf.task_always_eager = True


@pytest.fixture
def smtp_server() -> Iterator[SmtpInbox]:
    """A real SMTP server (aiosmtpd) on a free local port, with the project sending to it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    inbox.port = port
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


class SmtpInbox:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: SettingsWrapper, tmp_path: Path) -> None:
    """Uploaded and demo documents go to a folder of the test's own, removed afterwards."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_FILES_ROOT = str(tmp_path / "private")


@pytest.fixture(autouse=True)
def _isolated_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
