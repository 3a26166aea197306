from __future__ import annotations

import pytest

from kinship.geography.demo import load_demo_places
from kinship.geography.selectors import area_cache


@pytest.fixture(autouse=True)
def _fresh_area_cache():
    # Areas created by one test are rolled back; never let the next test see them.
    area_cache.clear()
    yield
    area_cache.clear()


@pytest.fixture
def demo_places(db):
    load_demo_places()
    return None
