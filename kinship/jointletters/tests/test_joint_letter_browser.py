"""Joint letter pages in Chromium on a 390 px phone: axe-core clean (start, sign, a kind refusal,
manage)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kinship.jointletters import letters
from kinship.jointletters.models import CoSignature, SignatureStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_axe_failures(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def test_joint_letter_pages_are_accessible_on_a_phone(page, axe, live_server, action, place, mail, settings):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('jointletters:letter_start', args=[action.slug])}")
    no_axe_failures(page, axe)
    page.get_by_label("Your postcode").fill("XX1 1AA")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start the letter").wait_for()
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Start the letter").click()  # nothing filled in: told, not lost
    page.locator(".govuk-error-summary").wait_for()
    no_axe_failures(page, axe)

    letter = letters.letter_start(
        action=action,
        data=letters.LetterInput(
            postcode="XX1 1AA",
            target_key=f"o{place.lead_member.pk}",
            subject="Support",
            body="Dear Cllr Lead,\n\nPlease help.",
            first_name="Olive",
            last_name="Organiser",
            email="olive@example.com",
        ),
        language="en-gb",
    )
    CoSignature.objects.create(
        letter=letter,
        first_name="Ann",
        last_name="Carer",
        email="ann@example.com",
        postcode="XX1 1AA",
        line="Please.",
        status=SignatureStatus.CONFIRMED,
    )
    page.goto(letters.share_url(letter))
    no_axe_failures(page, axe)
    page.get_by_label("First name").fill("Bea")
    page.get_by_label("Last name").fill("Faraway")
    page.get_by_label("Email address").fill("bea@example.com")
    page.get_by_label("Postcode").fill("XX3 1AA")
    page.get_by_role("button", name="Add my name").click()
    page.get_by_test_id("problem").wait_for()
    no_axe_failures(page, axe)

    page.goto(letters.manage_url(letter))
    page.get_by_text("Ann Carer").wait_for()
    no_axe_failures(page, axe)
