"""With Redis down, signing in, signing up, resetting a password and starting an open-link
answer keep working, their rate limits still hold, and /healthz reports the outage.

Each test starts a Redis server of its own on a free port and stops only that one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from consultations.models import Response
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_signup import VALID
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import page_one
from tests.types import ForumLead

if TYPE_CHECKING:
    from tests.types import TestResponse

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server]


class OwnRedis:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            assert time.monotonic() < deadline, "the test's Redis server did not start"
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def caches(self) -> dict[str, dict[str, object]]:
        """The project's cache configuration (coproduce/settings.py), pointed at this server."""
        return {
            "default": {
                "BACKEND": "core.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{self.port}/0",
                "OPTIONS": settings.REDIS_CACHE_OPTIONS,
            }
        }


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    try:
        with override_settings(CACHES=server.caches):
            yield server
    finally:
        server.stop()


def _sign_in(client: Client, email: str) -> TestResponse:
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_signing_in_and_up_and_open_links_keep_working_with_limits_while_redis_is_down(
    own_redis: OwnRedis, gateshead: ForumLead
) -> None:
    parent = UserFactory.create(email="parent-carer@example.org")
    consultation = make_consultation(*gateshead, audience="open_link")
    token = consultation.open_link_token
    start_url = reverse("consultations:open_start", args=[token])
    answering = Client()
    response = answering.post(start_url, {"website": ""})
    assert response["Location"] == reverse("consultations:open_section", args=[token, 1])

    own_redis.stop()
    assert not own_redis.answers()

    client = Client()
    started = time.monotonic()
    response = _sign_in(client, parent.email)
    assert response["Location"] == "/" and client.session["_auth_user_id"] == str(parent.pk)
    assert time.monotonic() - started < 1.5  # a dead Redis fails fast

    response = Client().post(reverse("account_signup"), {**VALID, "email": "al@example.org"})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="al@example.org").exists()

    response = Client().post(reverse("account_reset_password"), {"email": parent.email})
    assert response.status_code == 302

    # An answer already started carries on, and new ones start, up to the limit per address.
    response = answering.post(
        reverse("consultations:open_section", args=[token, 1]), page_one(consultation)
    )
    assert response["Location"] == reverse("consultations:open_section", args=[token, 2])
    statuses = [Client().post(start_url, {"website": ""}).status_code for _ in range(25)]
    # The count starts again in memory when Redis stops: at most one more hour's worth.
    assert statuses[:20] == [302] * 20 and set(statuses[20:]) == {429}
    assert Response.objects.count() == 21


def test_failed_sign_ins_are_still_limited_while_redis_is_down(own_redis: OwnRedis) -> None:
    parent = UserFactory.create(email="parent-carer@example.org")
    own_redis.stop()
    client = Client()
    pages = [
        client.post(
            reverse("account_login"), {"login": parent.email, "password": "not-the-password"}
        ).content.decode()
        for _ in range(12)
    ]
    assert "Too many" in pages[-1] or "too many" in pages[-1]
    assert "_auth_user_id" not in client.session


def test_healthz_answers_503_while_the_cache_is_down(own_redis: OwnRedis, client: Client) -> None:
    response = client.get("/healthz")
    assert response.json()["cache"] == "ok"
    own_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["cache"] == "unreachable"
    assert body["database"] == "ok"
