"""Maps in Chromium: choose a layer, reach an area with the keyboard, see its figure, open its
page; axe-core on the map and area pages; no sideways scrolling on a 390 px phone; and the map
still works without JavaScript (the server draws it)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import axe_report, horizontal_overflow, small_targets

from kinship.representatives.demo import load_demo_people
from kinship.stats.loaders import load_demo_stats

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _small_targets_outside_map(page: Any) -> list[str]:
    # Hide the map while measuring: its areas are duplicated by the table's full-size links.
    page.evaluate("document.querySelectorAll('.kc-map__svg').forEach(s => s.style.display = 'none')")
    try:
        return small_targets(page)
    finally:
        page.evaluate("document.querySelectorAll('.kc-map__svg').forEach(s => s.style.display = '')")


@pytest.fixture
def maps_site(site: str) -> str:
    from kinship.geography.demo import load_demo_places

    load_demo_places()
    load_demo_people()
    load_demo_stats()
    return site


def test_choose_a_layer_focus_an_area_with_the_keyboard_and_open_its_page(
    maps_site: str, page: Any, axe: Any
) -> None:
    page.goto(f"{maps_site}/maps/")
    assert axe(page) == [], axe_report(axe(page))
    page.get_by_label("Councils that run children's services").check()
    page.get_by_label("Show", exact=True).select_option(label="Actions taken")
    page.get_by_role("button", name="Show on the map").click()
    assert page.locator("#layer-title").inner_text() == "Actions taken"
    assert page.locator(".kc-map__area").count() == 3
    # Tab from the "skip the map" link into the map: the first area takes focus and the caption says its figure.
    page.get_by_role("link", name="Skip the map and read the table").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-name')")
    print("ACTIVE", page.evaluate("document.activeElement.outerHTML.slice(0, 200)"))
    assert focused
    assert page.locator("#map-caption").inner_text().startswith(f"{focused}:")
    page.keyboard.press("Enter")
    page.wait_for_url("**/areas/**")
    assert page.locator("h1").inner_text() == focused
    assert axe(page) == [], axe_report(axe(page))


def test_the_map_and_area_pages_fit_a_phone(maps_site: str, chromium: Any, axe: Any) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    try:
        for path in ("/maps/", "/maps/?area=council", "/areas/E14900001/", "/areas/E10900001/", "/cy/maps/"):
            page.goto(f"{maps_site}{path}")
            assert horizontal_overflow(page) == [], path
            # Each map area is also a full-size link in the table beside the map (WCAG 2.5.8's
            # "equivalent" exception), so the hexagons themselves may be small.
            small = _small_targets_outside_map(page)
            assert small == [], f"{path}: {small}"
            assert axe(page) == [], f"{path}: {axe_report(axe(page))}"
        page.goto(f"{maps_site}/maps/")
        page.screenshot(path="/tmp/maps-390.png", full_page=True)
    finally:
        context.close()


def test_without_javascript_the_postcode_box_and_the_map_links_work(maps_site: str, page_no_js: Any) -> None:
    page_no_js.goto(f"{maps_site}/campaigns/value-our-love/")
    page_no_js.locator("#area-postcode").fill("xx2 1aa")
    page_no_js.get_by_role("button", name="See my area").click()
    assert page_no_js.locator("h1").inner_text() == "Exampleborough Central"
    page_no_js.get_by_role("link", name="Back to the map").click()
    page_no_js.locator("a.kc-map__area").first.click()
    assert "/areas/" in page_no_js.url
