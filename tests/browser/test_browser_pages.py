"""Every public page, in English and Welsh: no WCAG 2.2 A/AA failures, and usable 320 px wide."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PUBLIC_PAGES, axe_report, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIXES = {"en": "", "cy": "/cy"}
CASES = [pytest.param(name, lang, id=f"{lang}-{name}") for lang in PREFIXES for name in PUBLIC_PAGES]


def check_landmarks_and_language(page: Any, lang: str) -> list[str]:
    """What axe does not check on its own: one h1, the four landmarks, the page language."""
    problems = []
    h1s = page.locator("h1").count()
    if h1s != 1:
        problems.append(f"expected exactly one h1, found {h1s}")
    for selector in ("header", "nav", "main#main-content", "footer", "a.govuk-skip-link[href='#main-content']"):
        if page.locator(selector).count() < 1:
            problems.append(f"missing {selector}")
    expected = "cy" if lang == "cy" else "en-GB"
    actual = page.locator("html").get_attribute("lang")
    if actual != expected:
        problems.append(f"html lang is {actual!r}, expected {expected!r}")
    return problems


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_page_has_no_accessibility_failures(site: str, page: Any, axe: Any, name: str, lang: str) -> None:
    PUBLIC_PAGES[name](page, site, PREFIXES[lang])
    violations = axe(page)
    problems = check_landmarks_and_language(page, lang)
    assert not violations and not problems, (
        f"{page.url}\n{axe_report(violations)}\n" + "\n".join(f"  {p}" for p in problems)
    )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_page_fits_320_pixels_without_scrolling_sideways(site: str, page: Any, name: str, lang: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    PUBLIC_PAGES[name](page, site, PREFIXES[lang])
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide: {horizontal_overflow(page)}"
