"""With Redis down, actions guarded by a rate limit say "try again" instead of failing with a
server error, answering carries on, and /healthz reports the outage.

Each test starts a Redis server of its own on a free port and stops only that one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from consultations.models import Response
from tests.accounts.test_signup import VALID
from tests.consultations.conftest import make_consultation
from tests.consultations.helpers import page_one
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server]

TRY_AGAIN = "Something went wrong on our side. Try again in a minute."


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


def _sign_in(client: Client, email: str) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def _assert_try_again(response: object) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert TRY_AGAIN in page
    assert 'class="govuk-heading-l"' in page


def test_signing_in_and_up_and_open_links_say_try_again_while_redis_is_down(
    own_redis: OwnRedis, gateshead
) -> None:
    parent = UserFactory(email="parent-carer@example.org")
    consultation = make_consultation(*gateshead, audience="open_link")
    token = consultation.open_link_token
    start_url = reverse("consultations:open_start", args=[token])

    # While Redis answers, everything works and the limits are counted in it.
    response = _sign_in(Client(), parent.email)
    assert response["Location"] == "/"
    response = Client().post(reverse("account_signup"), VALID)
    assert response["Location"] == reverse("account_email_verification_sent")
    answering = Client()
    response = answering.post(start_url, {"website": ""})
    assert response["Location"] == reverse("consultations:open_section", args=[token, 1])
    assert Response.objects.count() == 1
    assert own_redis.answers()

    own_redis.stop()
    assert not own_redis.answers()

    client = Client()
    started = time.monotonic()
    _assert_try_again(_sign_in(client, parent.email))
    assert "_auth_user_id" not in client.session
    assert time.monotonic() - started < 1.5  # a dead Redis fails fast

    _assert_try_again(
        Client().post(reverse("account_signup"), {**VALID, "email": "al@example.org"})
    )
    assert not User.objects.filter(email="al@example.org").exists()

    _assert_try_again(Client().post(reverse("account_reset_password"), {"email": parent.email}))

    _assert_try_again(Client().post(start_url, {"website": ""}))
    assert Response.objects.count() == 1

    # Pages that count nothing still open, and an answer already started carries on.
    assert "Sign in" in Client().get(reverse("account_login")).content.decode()
    response = answering.post(
        reverse("consultations:open_section", args=[token, 1]), page_one(consultation)
    )
    assert response["Location"] == reverse("consultations:open_section", args=[token, 2])


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
