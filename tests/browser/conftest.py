"""Fixtures for the browser tests: a live site with the demo campaigns loaded.

The tests drive headless Debian Chromium (the `chromium`, `page`, `page_no_js` and `axe`
fixtures live in the root conftest.py) against pytest-django's `live_server`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from kinship.campaigns.demo.content import load_demo_campaigns


@pytest.fixture
def site(live_server: Any, settings: Any, captured_mail: Any) -> str:
    """The live site's base URL, with the demo campaigns loaded and mail captured.

    Links in emails are built from SITE_URL, so it points at the live server; the cache
    (rate limits) is cleared so earlier tests' sign-ups do not count against this one.
    """
    settings.SITE_URL = live_server.url
    cache.clear()
    load_demo_campaigns()
    return str(live_server.url)
