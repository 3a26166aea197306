"""Shared pytest fixtures: shared data location, Chromium via Playwright, axe-core."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse database calls made from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("KINSHIP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _clear_caches() -> None:
    from django.core.cache import cache

    from kinship.campaigns.selectors import clear_action_cache
    from kinship.core import pagecache
    from kinship.geography import hints
    from kinship.geography.selectors import area_cache
    from kinship.messaging.targets import clear_target_cache
    from kinship.petitions.selectors import clear_petition_cache
    from kinship.representatives.selectors import clear_representatives_memo
    from kinship.stats.selectors import clear_map_memo

    cache.clear()
    area_cache.clear()
    clear_representatives_memo()
    clear_target_cache()
    clear_action_cache()
    pagecache.clear_local()
    clear_petition_cache()
    hints._MEMO.clear()
    clear_map_memo()  # "are the demo places loaded?", memoised for a minute per process


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the shared cache, and areas, offices, actions and targets in
    per-process caches: rows made by one test are rolled back, so every test starts empty."""
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """A Welsh request leaves Welsh active in the thread; start every test in English."""
    from django.utils import translation

    translation.activate("en-gb")
    yield
    translation.deactivate()


@pytest.fixture
def demo_places(db):  # type: ignore[no-untyped-def]
    """The fictional demo places (postcodes starting XX, Demoshire…), for any app's tests."""
    from kinship.geography.demo import load_demo_places

    load_demo_places()


def shared_data_dir() -> Path:
    return Path(os.environ.get("KINSHIP_SHARED_DATA", str(ROOT.parent / "shared" / "data")))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The open data folder (../shared/data by default); skips when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared open data not found at {path} (set KINSHIP_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1024, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def page_no_js(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def axe():  # type: ignore[no-untyped-def]
    """Run axe-core on a Playwright page; returns the WCAG A/AA violations."""
    if not AXE_JS.exists():
        pytest.skip("axe-core not installed (run npm ci)")
    source = AXE_JS.read_text()

    def run(pg) -> list[dict]:  # type: ignore[no-untyped-def]
        pg.evaluate(source)
        result = pg.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    """pytest-django's admin client, signed in with a second factor (staff pages need one)."""
    from kinship.core.tests.staff import login_verified

    login_verified(client, admin_user)
    return client


@pytest.fixture
def captured_mail(settings):  # type: ignore[no-untyped-def]
    """Route mail through the platform's own backend in capture mode (viewable at /dev/mail/)."""
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    settings.KINSHIP_DEV_MAIL_VIEW = True
    from kinship.core.models import CapturedEmail

    return CapturedEmail.objects
