from __future__ import annotations

import pytest

from accounts.models import User
from forums.models import Forum
from tests.factories import forum_with_lead


@pytest.fixture
def gateshead(db: None) -> tuple[Forum, User]:
    return forum_with_lead("Gateshead")


@pytest.fixture
def sunderland(db: None) -> tuple[Forum, User]:
    return forum_with_lead("Sunderland")
