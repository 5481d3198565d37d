from __future__ import annotations

import pytest

from tests.library.factories import topics_ensure


@pytest.fixture(autouse=True)
def _topics(db: None) -> None:
    topics_ensure()
