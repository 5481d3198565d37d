from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import ConsentKind, MemberProfile, User
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

ANSWERS = {
    "age_bands": ["5-10", "11-15"],
    "need_communication": "diagnosed",
    "need_semh": "awaiting",
    "support_level": "ehcp",
    "school_type": "mainstream",
    "ethnic_group": "white_british",
    "preferred_format": "easy_read",
    "interpreter_language": "Polish",
    "needs_bsl_interpreter": "on",
    "meeting_adjustments": "A quiet room",
}


def test_without_consent_only_communication_needs_are_asked(
    make_client: MakeClient, parent: User
) -> None:
    client = make_client(parent)
    page = client.get(reverse("member_profile_edit")).content.decode()
    assert "How would you like to receive information?" in page
    assert "How old are your children" not in page
    assert "What is your ethnic group" not in page
    client.post(reverse("member_profile_edit"), ANSWERS)
    profile = MemberProfile.objects.get(user=parent)
    assert profile.preferred_format == "easy_read"
    assert profile.needs_bsl_interpreter is True
    assert profile.age_bands == [] and profile.needs == {} and profile.ethnic_group == ""


def test_with_consent_children_and_family_are_asked_and_saved(
    make_client: MakeClient, parent: User
) -> None:
    services.consent_give(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    client = make_client(parent)
    page = client.get(reverse("member_profile_edit")).content.decode()
    assert "How old are your children" in page
    assert "Social, emotional and mental health" in page
    response = client.post(reverse("member_profile_edit"), ANSWERS)
    assert response["Location"] == reverse("profile")
    profile = MemberProfile.objects.get(user=parent)
    assert profile.age_bands == ["5-10", "11-15"]
    assert profile.needs == {"communication": "diagnosed", "semh": "awaiting"}
    assert profile.support_level == "ehcp"
    assert profile.ethnic_group == "white_british"
    # The form shows the saved answers again.
    page = client.get(reverse("member_profile_edit")).content.decode()
    found = re.search(r'<input[^>]*value="11-15"[^>]*>', page)
    assert found is not None
    checked = found.group(0)
    assert 'checked="checked"' in checked


def test_withdrawing_consent_erases_the_childrens_answers(parent: User) -> None:
    services.consent_give(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    services.member_profile_update(
        user=parent, age_bands=["0-4"], needs={"cognition": "diagnosed"}, preferred_format="audio"
    )
    services.consent_withdraw(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    profile = MemberProfile.objects.get(user=parent)
    assert profile.age_bands == [] and profile.needs == {}
    assert profile.preferred_format == "audio"  # communication needs are kept


def test_the_service_refuses_childrens_answers_without_consent(parent: User) -> None:
    with pytest.raises(ValidationError):
        services.member_profile_update(user=parent, age_bands=["0-4"])
    assert not MemberProfile.objects.exists()


def test_a_tampered_choice_is_an_error_not_a_crash(make_client: MakeClient, parent: User) -> None:
    services.consent_give(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    response = make_client(parent).post(
        reverse("member_profile_edit"), {**ANSWERS, "age_bands": ["99-120"]}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not MemberProfile.objects.exists()
