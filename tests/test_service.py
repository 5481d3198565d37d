"""The service as a whole: pages, security headers, health check, error pages, deployment check."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.models import User
from coproduce.celery import app as celery_app
from tests.production import production_check
from tests.types import MakeClient


@pytest.mark.django_db
def test_signed_out_home_says_what_the_service_is(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "special educational needs and disabilities (SEND)" in page
    assert 'href="/accounts/signup/"' in page
    assert 'href="/accounts/login/"' in page


@pytest.mark.django_db
def test_signed_in_home_shows_next_steps_for_the_role(
    make_client: MakeClient, parent: User, staff: User, practitioner: User
) -> None:
    parent_page = make_client(parent).get("/").content.decode()
    assert "Choose whether to share information about your children" in parent_page
    assert "Protect your account with an authenticator app" in parent_page
    assert "Approvals" not in parent_page

    staff_page = make_client(staff).get("/").content.decode()
    assert 'href="/accounts/approvals/"' in staff_page
    assert "authenticator app" not in staff_page  # already set up

    pending = practitioner
    pending.role_status = "pending"
    pending.save()
    assert "Our staff will check your details" in make_client(pending).get("/").content.decode()


@pytest.mark.django_db
def test_every_page_has_skip_link_footer_and_a_nonced_script(client: Client) -> None:
    response = client.get(reverse("accessibility"))
    page = response.content.decode()
    assert 'class="govuk-skip-link"' in page
    for name in ("accessibility", "privacy", "cookies"):
        assert f'href="{reverse(name)}"' in page
    found = re.search(r"<script nonce=\"([^\"]+)\">", page)
    assert found is not None
    nonce = found.group(1)
    csp = response["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "crown" not in page.lower()


@pytest.mark.django_db
def test_errors_pages_are_in_the_service_style(
    client: Client, make_client: MakeClient, parent: User
) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    response = make_client(parent).get(reverse("approvals"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_the_500_page_renders_without_the_database(rf: RequestFactory) -> None:
    from front.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(client: Client) -> None:
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unreachable",
        "cache": "ok",
        "last_worker_heartbeat": None,
    }


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = production_check("--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("site_url", [None, "http://coproduce.example"])
def test_production_needs_the_https_address_that_email_links_use(site_url: str | None) -> None:
    """Email links are built from SITE_URL alone, so production must be told it."""
    if site_url is None:
        result = production_check(without=("SITE_URL",))
    else:
        result = production_check(SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


@override_settings(PRODUCTION=True)
def test_seed_demo_refuses_in_production() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")
