"""Downloading one's data: what the ZIP holds, who can open it, and for how long."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations import services as consultation_services
from peer_network import services as peer_services
from privacy import services
from privacy.models import DataExport
from privacy.retention import retention_apply
from raised import services as raised_services
from tests.consultations.factories import make_consultation
from tests.forums.factories import ForumFactory, MembershipFactory
from tests.library.factories import make_resource
from tests.mail import emails_delivered
from tests.peer_network.factories import past_booking, past_session
from tests.privacy.factories import make_world, person_with_data
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _link_path(body: object) -> str:
    body = str(body)
    line = next(line for line in body.splitlines() if "/accounts/your-data/download/" in line)
    return line[line.index("/accounts/") :].strip()


def _zip(client: Client, path: str) -> zipfile.ZipFile:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]


def test_the_download_holds_everything_of_theirs_and_nothing_of_anyone_elses(
    make_client: MakeClient,
) -> None:
    world = make_world()
    mine = person_with_data(world, "Aardvark", email="aardvark@example.org")
    other = person_with_data(world, "Zebra", email="zebra@example.org")
    emails_delivered()
    mail.outbox.clear()
    client = make_client(mine.user)

    client.post(reverse("your_data"))
    [email] = emails_delivered()
    assert email.to == ["aardvark@example.org"]
    archive = _zip(client, _link_path(email.body))

    names = set(archive.namelist())
    for part in (
        "profile",
        "consents",
        "memberships",
        "consultation_answers",
        "bookings",
        "peer_network",
        "resources",
        "raised_matter_updates",
        "emails",
    ):
        assert f"{part}.json" in names
        if part != "profile":
            assert f"{part}.csv" in names
    assert "README.txt" in names
    everything = "\n".join(archive.read(name).decode() for name in names)
    for word in mine.words:
        assert word in everything, word
    for word in other.words:
        assert word not in everything, word
    # Special category answers and consents are there, and the emails sent to them.
    profile = json.loads(archive.read("profile.json"))
    assert profile["about_you_and_your_family"]["needs"] == {"communication": "diagnosed"}
    consents = list(csv.DictReader(io.StringIO(archive.read("consents.csv").decode("utf-8-sig"))))
    assert {row["consent"] for row in consents} == {
        "Agreement to the privacy notice",
        "Holding information about my children's needs",
    }
    emails = json.loads(archive.read("emails.json"))
    assert emails and all(row["to"] == "aardvark@example.org" for row in emails)
    answers = json.loads(archive.read("consultation_answers.json"))
    assert {row["state"] for row in answers} == {"Sent", "Draft, not sent"}


def test_a_second_request_while_one_is_prepared_makes_no_second(parent: User) -> None:
    first, made = services.data_export_request(user=parent)
    again, made_again = services.data_export_request(user=parent)
    assert made and not made_again and first.pk == again.pk
    assert DataExport.objects.filter(user=parent).count() == 1
    emails_delivered()
    assert DataExport.objects.get(pk=first.pk).status == "ready"
    # Once built, a new request makes a new download.
    _, made_after = services.data_export_request(user=parent)
    assert made_after


def test_only_its_owner_signed_in_can_open_the_link(
    make_client: MakeClient, parent: User, practitioner: User, staff: User
) -> None:
    make_client(parent).post(reverse("your_data"))
    [email] = emails_delivered()
    path = _link_path(email.body)
    assert make_client(practitioner).get(path).status_code == 404
    assert make_client(staff).get(path).status_code == 404
    assert make_client(None).get(path)["Location"].startswith("/accounts/login/")
    # A changed link opens nothing, even for the owner.
    assert make_client(parent).get(path[:-3] + "xyz/").status_code == 404
    assert make_client(parent).get(path).status_code == 200


def test_the_page_shows_each_status(make_client: MakeClient, parent: User) -> None:
    client = make_client(parent)
    assert "Ask for your data" in client.get(reverse("your_data")).content.decode()
    services.data_export_request(user=parent)
    page = client.get(reverse("your_data")).content.decode()
    assert "Being prepared" in page and "Ask for a new download" not in page
    emails_delivered()
    assert "Ready" in client.get(reverse("your_data")).content.decode()
    DataExport.objects.filter(user=parent).update(ready_at=timezone.now() - timedelta(days=8))
    page = client.get(reverse("your_data")).content.decode()
    assert "Expired" in page and "Ask for a new download" in page


def test_the_link_and_the_file_go_after_seven_days(
    make_client: MakeClient,
    parent: User,
) -> None:
    client = make_client(parent)
    client.post(reverse("your_data"))
    [email] = emails_delivered()
    export = DataExport.objects.get(user=parent)
    path = services.export_path(export)
    assert path.is_file()
    assert "private" in path.parts and "media" not in path.parts

    # Six days on, the nightly job keeps it.
    assert export.ready_at is not None
    retention_apply(now=export.ready_at + timedelta(days=6, hours=23))
    assert path.is_file()
    # Past seven days it is deleted, and the link says it has expired.
    retention_apply(now=export.ready_at + timedelta(days=7, minutes=1))
    assert not path.is_file()
    export.refresh_from_db()
    assert export.file_name == ""
    response = client.get(_link_path(email.body))
    assert response.status_code == 410
    assert "This download has expired" in response.content.decode()


def test_the_download_reads_the_same_number_of_queries_however_much_there_is(
    django_assert_max_num_queries: Callable[..., ContextManager[object]],
) -> None:
    world = make_world()
    person = person_with_data(world, "Counted", email="counted@example.org")
    with CaptureQueriesContext(connection) as small:
        services.data_export_zip(person.user)

    for n in range(4):
        session = past_session()
        booking = past_booking(session, person.user, attended=True)
        peer_services.feedback_give(booking=booking, user=person.user, rating=5, one_thing=f"T{n}")
        MembershipFactory.create(forum=ForumFactory.create(), user=person.user)
        raised_services.matter_update_post(matter=world.matter, author=person.user, body=f"U{n}")
        make_resource(person.user, f"More {n}")
    answer_again = make_consultation(world.forum, world.matter.raised_by, identity_mode="named")  # type: ignore[arg-type]
    consultation_services.response_start(consultation=answer_again, user=person.user)
    emails_delivered()

    with django_assert_max_num_queries(len(small.captured_queries)):
        content = services.data_export_zip(person.user)
    bookings = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("bookings.json"))
    assert len(bookings) == 6


def test_a_download_whose_task_was_lost_starts_again(make_client: MakeClient, parent: User) -> None:
    stuck = DataExport.objects.create(user=parent, requested_at=timezone.now() - timedelta(hours=2))
    client = make_client(parent)
    assert "Try again" in client.get(reverse("your_data")).content.decode()
    client.post(reverse("your_data"))
    [email] = emails_delivered()
    assert email.to == [parent.email]
    stuck.refresh_from_db()
    assert stuck.status == "ready"
    assert DataExport.objects.filter(user=parent).count() == 1
