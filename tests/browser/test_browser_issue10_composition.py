"""Pages changed for issue 10 (defects 2, 4, 6 and 9), in English and Welsh: no WCAG 2.2 A/AA
failures and no sideways scrolling at 320 px. The writing page asking for the council, with a
council chosen, a postcode in no council, a Scottish postcode missing from the file, the phone
action's page and a Welsh writing page for an action with no Welsh text."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import axe_report, horizontal_overflow
from test_browser_pages import check_structure

from kinship.geography.demo import load_demo_places
from kinship.geography.tests.factories import PostcodeFactory
from kinship.representatives.demo import load_demo_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "write-council-unknown": "/actions/email-your-councillors/write/?postcode=XX4+1AA",
    "write-council-chosen": "/actions/email-your-councillors/write/?postcode=XX4+1AA&council=E06900001",
    "action-postcode-in-no-council": "/actions/email-your-councillors/write/?postcode=XX6+1AA",
    "your-area-scotland-not-in-the-file": "/your-area/?postcode=EH1+1YZ",
    "your-area-council-chosen": "/your-area/?postcode=XX4+1AA&council=E06900001",
    "phone-action": "/actions/phone-your-council/",
    "write-mp": "/actions/email-your-mp/write/?postcode=XX3+1AA",
}
CASES = [
    pytest.param(path, lang, id=f"{lang}-{name}") for lang in ("", "/cy") for name, path in PAGES.items()
]


@pytest.fixture
def places(site: str) -> str:
    load_demo_places()
    load_demo_people()
    PostcodeFactory(
        postcode="XX6 1AA", country=None, county=None, district=None, ward=None, constituency=None
    )
    return site


@pytest.mark.parametrize(("path", "prefix"), CASES)
def test_changed_page_passes_axe_and_fits_320_pixels(
    places: str, page: Any, axe: Any, path: str, prefix: str
):
    page.goto(f"{places}{prefix}{path}")
    page.wait_for_load_state("load")
    violations = axe(page)
    problems = check_structure(page, "cy" if prefix else "en")
    assert not violations and not problems, f"{page.url}\n{axe_report(violations)}\n{problems}"
    page.set_viewport_size({"width": 320, "height": 640})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide: {horizontal_overflow(page)}"
