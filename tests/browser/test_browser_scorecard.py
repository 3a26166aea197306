"""Every scorecard page (public in English and Welsh, staff in English): axe-core WCAG 2.2 A/AA
with 0 violations, one h1, landmarks, the page language, no script or CSP errors, and usable
320 px wide (no sideways scrolling, tap targets of 44 px or more)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import axe_report, horizontal_overflow, small_targets
from django.test import Client
from test_browser_pages import check_structure, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scorecard_site(site: str) -> str:
    from kinship.geography.demo import load_demo_places
    from kinship.geography.models import Area, AreaType
    from kinship.representatives.demo import load_demo_people
    from kinship.scorecard.demo import load_demo_scorecard

    load_demo_places()
    load_demo_people()
    load_demo_scorecard()
    Area.objects.get_or_create(code="E10000030", defaults={"name": "Surrey", "type": AreaType.COUNTY})
    return site


def _go(path: str):  # type: ignore[no-untyped-def]
    def visit(page: Any, base: str, prefix: str) -> None:
        page.goto(f"{base}{prefix}{path}")

    return visit


def _reply(page: Any, base: str, prefix: str) -> None:
    from kinship.scorecard import tokens
    from kinship.scorecard.models import Assessment

    assessment = Assessment.objects.get(council__code="E06900001")
    Assessment.objects.filter(pk=assessment.pk).update(status="with_council")
    page.goto(f"{base}{prefix}/scorecard/reply/{tokens.reply_token(assessment.pk)}/")


def _reply_errors(page: Any, base: str, prefix: str) -> None:
    _reply(page, base, prefix)
    page.get_by_role("button", name="Send your reply" if not prefix else "Anfon eich ymateb").click()
    page.locator(".govuk-error-summary").wait_for()


def _calculator_errors(page: Any, base: str, prefix: str) -> None:
    page.goto(f"{base}{prefix}/allowance-calculator/?age=30&received=lots")


PUBLIC = {
    "table": _go("/scorecard/"),
    "table-filtered": _go("/scorecard/?type=county&sort=name"),
    "how-we-score": _go("/scorecard/how-we-score/"),
    "check": _go("/scorecard/check/"),
    "check-two-tier": _go("/scorecard/check/?postcode=XX1+2AB"),
    "check-error": _go("/scorecard/check/?postcode=nonsense"),
    "council": _go("/scorecard/councils/E10900001/"),
    "council-wales": _go("/scorecard/councils/W06900001/"),
    "council-not-assessed": _go("/scorecard/councils/E10000030/"),
    "ask": _go("/scorecard/councils/E10900001/ask/"),
    "ask-letter": _go("/scorecard/councils/E10900001/ask/?postcode=XX1+1AA"),
    "ask-other-council": _go("/scorecard/councils/E10900001/ask/?postcode=XX2+1AA"),
    "calculator": _go("/allowance-calculator/"),
    "calculator-result": _go("/allowance-calculator/?postcode=XX1+2AB&age=7&received=150"),
    "calculator-errors": _calculator_errors,
    "reply": _reply,
    "reply-errors": _reply_errors,
    "reply-bad-link": _go("/scorecard/reply/not-a-real-link/"),
}
PREFIXES = {"en": "", "cy": "/cy"}
CASES = [pytest.param(name, lang, id=f"{lang}-{name}") for lang in PREFIXES for name in PUBLIC]


def _check(page: Any, axe: Any, lang: str, errors: list[str]) -> None:
    page.wait_for_load_state("load")
    violations = axe(page)
    problems = check_structure(page, lang) + errors
    assert not violations and not problems, f"{page.url}\n{axe_report(violations)}\n" + "\n".join(
        f"  {p}" for p in problems
    )


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_scorecard_page_passes_axe(scorecard_site: str, page: Any, axe: Any, name: str, lang: str) -> None:
    errors = watch_console(page)
    PUBLIC[name](page, scorecard_site, PREFIXES[lang])
    _check(page, axe, lang, errors)


@pytest.mark.parametrize("name", list(PUBLIC))
def test_scorecard_page_works_320_pixels_wide(scorecard_site: str, page: Any, name: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    PUBLIC[name](page, scorecard_site, "")
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} is {scroll_width}px wide: {horizontal_overflow(page)}"
    too_small = small_targets(page)
    assert not too_small, f"{page.url}: tap targets under 44px:\n  " + "\n  ".join(too_small)


# ---------------------------------------------------------------- staff pages


def _staff_session(page: Any, base: str) -> Any:
    from kinship.core.tests.staff import login_verified
    from kinship.scorecard import services
    from kinship.scorecard.tests.factories import assessor, council, manager

    ann, meg = assessor("ann-browser"), manager("meg-browser")
    assessment = services.assessment_assign(
        council=council("E10000030", "Surrey", "county"), assessor=ann, by=meg
    )
    client = Client()
    login_verified(client, ann)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    return assessment


@pytest.mark.parametrize(
    "path", ["/staff/scorecard/", "/staff/scorecard/{id}/", "/staff/scorecard/evidence/"]
)
def test_staff_scorecard_pages_pass_axe(scorecard_site: str, page: Any, axe: Any, path: str) -> None:
    assessment = _staff_session(page, scorecard_site)
    errors = watch_console(page)
    page.goto(scorecard_site + path.format(id=assessment.pk))
    assert "/staff/scorecard/" in page.url
    _check(page, axe, "en", errors)
