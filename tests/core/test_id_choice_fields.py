"""Every model choice on a form refuses a value that could not be a row's id before any query
(SQLite cannot compare a number past 63 bits; a form must say "choose from the list", not fail)."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.forms import IdChoiceField, IdMultipleChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9223372036854775808", "-1", "1e9", "0", "x" * 50, "\x00"])
def test_values_that_could_not_be_ids_are_invalid_choices(value: str) -> None:
    one = IdChoiceField(queryset=User.objects.all())
    several = IdMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(Exception) as refused_one:
        one.clean(value)
    with pytest.raises(Exception) as refused_several:
        several.clean([value])
    assert refused_one.value.code == "invalid_choice"  # type: ignore[attr-defined]
    assert refused_several.value.code == "invalid_choice"  # type: ignore[attr-defined]


def test_a_real_id_is_still_chosen(parent: User) -> None:
    assert IdChoiceField(queryset=User.objects.all()).clean(str(parent.pk)) == parent
    assert list(IdMultipleChoiceField(queryset=User.objects.all()).clean([parent.pk])) == [parent]
