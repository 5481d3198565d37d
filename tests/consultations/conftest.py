from __future__ import annotations

import pytest

from accounts.models import User
from consultations.models import Consultation
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead


@pytest.fixture
def consultation(gateshead: ForumLead) -> Consultation:
    forum, lead = gateshead
    return make_consultation(forum, lead)


@pytest.fixture
def member(gateshead: ForumLead) -> User:
    forum, _ = gateshead
    return MembershipFactory.create(forum=forum).user
