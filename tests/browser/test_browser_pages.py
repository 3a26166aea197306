"""Every public page, in English and Welsh: no WCAG 2.2 A/AA failures, no script or CSP errors,
and usable 320 px wide (no sideways scrolling, tap targets of at least 44 px)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PUBLIC_PAGES, axe_report, horizontal_overflow, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIXES = {"en": "", "cy": "/cy"}
CASES = [pytest.param(name, lang, id=f"{lang}-{name}") for lang in PREFIXES for name in PUBLIC_PAGES]


def check_structure(page: Any, lang: str) -> list[str]:
    """What axe does not check on its own: one h1, the landmarks, the skip link, the page language."""
    problems = []
    h1s = page.locator("h1").count()
    if h1s != 1:
        problems.append(f"expected exactly one h1, found {h1s}")
    for selector in (
        "header",
        "nav",
        "main#main-content",
        "footer",
        "a.govuk-skip-link[href='#main-content']",
    ):
        if page.locator(selector).count() < 1:
            problems.append(f"missing {selector}")
    expected = "cy" if lang == "cy" else "en-GB"
    actual = page.locator("html").get_attribute("lang")
    if actual != expected:
        problems.append(f"html lang is {actual!r}, expected {expected!r}")
    return problems


def watch_console(page: Any) -> list[str]:
    """Collect script errors and Content-Security-Policy refusals as the page loads.

    The browser also logs the page's own 4xx status as an error; those are expected here
    (the 404 page, a form with errors) and are left out.
    """
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return
        errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    return errors


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_page_passes_axe_and_loads_cleanly(site: str, page: Any, axe: Any, name: str, lang: str) -> None:
    errors = watch_console(page)
    PUBLIC_PAGES[name](page, site, PREFIXES[lang])
    page.wait_for_load_state("load")
    violations = axe(page)
    problems = check_structure(page, lang) + errors
    assert not violations and not problems, f"{page.url}\n{axe_report(violations)}\n" + "\n".join(
        f"  {p}" for p in problems
    )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_page_works_320_pixels_wide(site: str, page: Any, name: str, lang: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    PUBLIC_PAGES[name](page, site, PREFIXES[lang])
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide: {horizontal_overflow(page)}"
    too_small = small_targets(page)
    assert not too_small, f"{page.url}: tap targets under 44px:\n  " + "\n  ".join(too_small)
