"""Filters, downloads, the print view and setting a scope, through the pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import RoleStatus, User
from dashboards import services
from dashboards.models import CommissionerScope
from forums.models import Forum
from tests.accounts.factories import UserFactory
from tests.dashboards.factories import area_of, consultation_with_responses, members, scope_to
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

VOICE = "/dashboards/voice/"


@pytest.fixture
def client_for(
    make_client: MakeClient, commissioner: User, gateshead: tuple[Forum, User]
) -> MakeClient:
    forum, lead = gateshead
    members(forum, 6)
    consultation_with_responses(forum, lead, 12, title="Short breaks")
    consultation_with_responses(forum, lead, 3, title="Transport")
    consultation_with_responses(forum, lead, 20, title="Adulthood")
    scope_to(commissioner, area_of(forum))
    return make_client


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "7"}, "Choose a time from the list"),
        ({"period": "custom"}, "Enter the start date"),
        (
            {
                "period": "custom",
                "start_0": "1",
                "start_1": "5",
                "start_2": "2026",
                "end_0": "1",
                "end_1": "4",
                "end_2": "2026",
            },
            "The end date must be the same as or after the start date",
        ),
        (
            {
                "period": "custom",
                "start_0": "1",
                "start_1": "5",
                "start_2": "2026",
                "end_0": "1",
                "end_1": "4",
                "end_2": "2999",
            },
            "The end date must be today or in the past",
        ),
        (
            {
                "period": "custom",
                "start_0": "x",
                "start_1": "5",
                "start_2": "2026",
                "end_0": "1",
                "end_1": "4",
                "end_2": "2026",
            },
            "The start date must be a real date",
        ),
    ],
)
def test_bad_filters_are_explained_and_show_no_figures(
    client_for: MakeClient, commissioner: User, query: dict[str, str], message: str
) -> None:
    response = client_for(commissioner).get(VOICE, query)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert "Short breaks" not in content


def test_a_custom_range_is_used(client_for: MakeClient, commissioner: User) -> None:
    query = {
        "period": "custom",
        "start_0": "1",
        "start_1": "1",
        "start_2": "2020",
        "end_0": "31",
        "end_1": "12",
        "end_2": "2020",
    }
    content = client_for(commissioner).get(VOICE, query).content.decode()
    assert "1 January 2020 to 31 December 2020" in content
    assert "Short breaks" not in content


def test_the_download_is_the_table_on_the_page(client_for: MakeClient, commissioner: User) -> None:
    client = client_for(commissioner)
    page = client.get(VOICE).content.decode()
    response = client.get(reverse("dashboards:export", args=["voice", "consultations"]))
    assert response["Content-Disposition"].startswith('attachment; filename="voice-consultations-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Consultation", "Responses"]
    assert rows[-1] == ["Total", "35"]
    for label, shown in rows[1:]:
        assert shown in ("Not shown", "20", "35")
        assert label.split(" (")[0] in page
    assert ["Transport (Gateshead Parent Carer Forum)", "Not shown"] in rows


def test_an_unknown_page_or_table_is_not_found(client_for: MakeClient, commissioner: User) -> None:
    client = client_for(commissioner)
    assert client.get("/dashboards/nothing/").status_code == 404
    assert client.get("/dashboards/voice/nothing.csv").status_code == 404


def test_the_print_view_leaves_out_filters_and_downloads(
    client_for: MakeClient, commissioner: User
) -> None:
    content = client_for(commissioner).get(VOICE, {"print": "1"}).content.decode()
    assert "Change the time or area" not in content
    assert "as CSV" not in content
    assert "Back to the dashboard" in content


def test_staff_set_a_scope(
    make_client: MakeClient, staff: User, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    area = area_of(gateshead[0])
    client = make_client(staff)
    url = reverse("dashboards:scope_edit", args=[commissioner.pk])
    response = client.post(url, {"region": area.region.pk, "council_areas": [area.pk]})
    assert "Choose a whole region or some council areas, not both" in response.content.decode()
    response = client.post(url, {"council_areas": ["999999"]})
    assert "Choose council areas from the list" in response.content.decode()
    assert not CommissionerScope.objects.exists()
    response = client.post(url, {"council_areas": [area.pk]})
    assert response.status_code == 302
    scope = CommissionerScope.objects.get(user=commissioner)
    assert list(scope.council_areas.all()) == [area] and scope.set_by == staff


def test_only_staff_set_scopes_and_only_for_approved_commissioners(
    staff: User, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    area = area_of(gateshead[0])
    with pytest.raises(PermissionDenied):
        services.scope_set(
            commissioner=commissioner, set_by=commissioner, region=None, council_areas=[area]
        )
    pending = UserFactory.create(commissioner=True, role_status=RoleStatus.PENDING)
    with pytest.raises(ValidationError):
        services.scope_set(commissioner=pending, set_by=staff, region=None, council_areas=[area])
    with pytest.raises(ValidationError):
        services.scope_set(commissioner=commissioner, set_by=staff, region=None)
