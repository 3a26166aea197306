"""Campaign Champions in Chromium at 390 px: offering to be a champion (with and without errors)
and the champion's page pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kinship.core.signing import make_token
from kinship.supporters import tokens
from kinship.supporters.models import Champion, ChampionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def clean(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def test_offering_to_be_a_champion_and_the_champion_page(page, axe, live_server, demo_places):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('supporters:champion_signup')}")
    clean(page, axe)
    page.get_by_role("button", name="Offer to be a champion").click()
    page.locator(".govuk-error-summary").wait_for()
    clean(page, axe)
    page.get_by_label("Your name").fill("Gwen Jones")
    page.get_by_label("Email address").fill("gwen@example.com")
    page.get_by_label("Your postcode").fill("XX1 1AA")
    page.get_by_label("Run or host a local kinship support group").check()
    page.get_by_role("button", name="Offer to be a champion").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    clean(page, axe)

    champion = Champion.objects.get()
    page.goto(
        f"{live_server.url}{reverse('supporters:champion_confirm', kwargs={'token': make_token(champion.pk, salt=tokens.CHAMPION_CONFIRM_SALT)})}"
    )
    clean(page, axe)
    page.get_by_role("button", name="Confirm my offer").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    clean(page, axe)

    Champion.objects.filter(pk=champion.pk).update(status=ChampionStatus.APPROVED)
    page.goto(
        f"{live_server.url}{reverse('champions:area', kwargs={'token': make_token(champion.pk, salt=tokens.CHAMPION_PAGE_SALT)})}"
    )
    page.get_by_role("heading", name="Demoshire County Council").wait_for()
    clean(page, axe)
    page.goto(
        f"{live_server.url}/cy{reverse('champions:area', kwargs={'token': make_token(champion.pk, salt=tokens.CHAMPION_PAGE_SALT)})}"
    )
    page.get_by_text("Ble i ddechrau").wait_for()
    clean(page, axe)
