"""Frameworks are data: a programme lead creates one and fills it with areas and standards,
until a programme uses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programmes import services
from programmes.models import Area, Framework, Programme, Standard
from tests.programmes.factories import cohort_make, contact_make
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_a_lead_builds_a_framework(make_client: MakeClient) -> None:
    lead = contact_make()
    cohort_make(leads=[lead])
    client = make_client(lead)
    response = client.post(
        reverse("programmes:framework_new"), {"name": "Belonging in college", "description": ""}
    )
    framework = Framework.objects.get(name="Belonging in college")
    url = reverse("programmes:framework", args=[framework.pk])
    assert response["Location"] == url
    client.post(url, {"add_area": "1", "name": "Arriving"})
    client.post(url, {"add_area": "1", "name": "Staying"})
    staying = Area.objects.get(name="Staying")
    client.post(
        url,
        {"add_standard": "1", "area": staying.pk, "title": "A quiet base", "descriptor": "Open"},
    )
    client.post(
        url,
        {"add_standard": "1", "area": staying.pk, "title": "A named tutor", "descriptor": "Yes"},
    )
    assert list(Standard.objects.in_framework(framework.pk).values_list("code", "title")) == [
        ("2.1", "A quiet base"),
        ("2.2", "A named tutor"),
    ]
    page = client.get(url).content.decode()
    assert "2.2 A named tutor" in page


def test_bad_framework_input_gets_messages(make_client: MakeClient) -> None:
    lead = contact_make()
    cohort_make(leads=[lead])
    services.autism_inclusion_framework_ensure()
    client = make_client(lead)
    response = client.post(
        reverse("programmes:framework_new"),
        {"name": "Autism inclusion in mainstream schools", "description": "Mine"},
    )
    assert "There is already a framework with this name" in response.content.decode()
    framework = services.framework_create(name="Ours", description="", created_by=lead)
    url = reverse("programmes:framework", args=[framework.pk])
    services.area_add(framework=framework, added_by=lead, name="Arriving")
    page = client.post(url, {"add_area": "1", "name": "arriving"}).content.decode()
    assert "The framework already has an area with this name" in page
    page = client.post(
        url, {"add_standard": "1", "area": "999999", "title": "", "descriptor": "Kept text"}
    ).content.decode()
    assert "Choose an area from the list" in page and "Enter the standard" in page
    assert "Kept text" in page
    assert not Standard.objects.filter(area__framework=framework).exists()


def test_only_its_maker_changes_a_framework_and_only_until_a_programme_uses_it() -> None:
    lead, other = contact_make(), contact_make()
    cohort_make(leads=[lead, other])
    framework = services.framework_create(name="Ours", description="", created_by=lead)
    with pytest.raises(PermissionDenied):
        services.area_add(framework=framework, added_by=other, name="Theirs")
    area = services.area_add(framework=framework, added_by=lead, name="Arriving")
    Programme.objects.create(name="Uses it", framework=framework)
    with pytest.raises(ValidationError, match="no longer change"):
        services.standard_add(area=area, added_by=lead, title="Late", descriptor="Late")
    with pytest.raises(PermissionDenied):
        services.framework_create(name="Nobody's", description="", created_by=contact_make())
