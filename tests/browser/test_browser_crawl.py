"""Follow the site's own links from the home page and check every page found.

The list in browser_support.PUBLIC_PAGES covers the pages we know about; this crawl catches
the ones added later (your area, action pages...) without anyone remembering to list them.
"""

from __future__ import annotations

from collections import deque
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from browser_support import axe_report, horizontal_overflow
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 40
SKIP_PREFIXES = ("/staff/", "/dev/", "/api/", "/static/", "/media/", "/i18n/")
DOWNLOAD_SUFFIXES = (".csv", ".json", ".pdf", ".zip", ".xlsx", ".txt", ".xml", ".ics", ".png", ".svg")
LINKS_JS = """els => els
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.href)"""


def _in_scope(url: str, base: str, lang: str) -> bool:
    parts, home = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc) != (home.scheme, home.netloc):
        return False
    path = parts.path
    welsh_path = path == "/cy" or path.startswith("/cy/")
    bare = path[3:] if welsh_path else path
    if bare.startswith(SKIP_PREFIXES) or bare.lower().endswith(DOWNLOAD_SUFFIXES):
        return False
    return welsh_path if lang == "cy" else not welsh_path


def crawl(page: Any, axe: Any, base: str, lang: str) -> tuple[list[str], list[str]]:
    """Visit up to MAX_PAGES pages breadth-first; return (pages visited, problems found)."""
    start = f"{base}/cy/" if lang == "cy" else f"{base}/"
    queue, seen = deque([start]), {start}
    visited, problems = [], []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        page.set_viewport_size({"width": 1024, "height": 900})
        response = page.goto(url)
        visited.append(url)
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{url}: HTTP {status} (linked from the site)")
            continue
        violations = axe(page)
        if violations:
            problems.append(f"{url}: axe\n{axe_report(violations)}")
        h1s = page.locator("h1").count()
        if h1s != 1:
            problems.append(f"{url}: {h1s} h1 elements")
        for link in page.eval_on_selector_all("a[href]", LINKS_JS):
            link = urldefrag(link).url
            if link not in seen and _in_scope(link, base, lang):
                seen.add(link)
                queue.append(link)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{url}: {width}px wide at 320px: {horizontal_overflow(page)}")
    return visited, problems


@pytest.fixture
def demo_site(site: str) -> str:
    """Everything `make demo` loads (places and people too, when those apps provide them)."""
    call_command("load_demo", stdout=StringIO())
    return site


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_page_linked_from_home_is_accessible_and_fits_320(
    demo_site: str, page: Any, axe: Any, lang: str
) -> None:
    visited, problems = crawl(page, axe, demo_site, lang)
    print(f"crawled {len(visited)} {lang} pages:\n  " + "\n  ".join(visited))
    assert len(visited) >= 8, f"the crawl found too few pages: {visited}"
    assert not problems, "\n".join(problems)
