"""Staff two-step verification in a real browser: set up without JavaScript, the pages pass
axe-core and fit a 320 px screen."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from browser_support import axe_report, horizontal_overflow
from django.contrib.auth.models import User
from django_otp.oath import TOTP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "the-right-password-123"


def code_from_key_on_page(page: Any) -> str:
    secret = page.locator(".kc-secret code").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def sign_in(page: Any, site: str) -> None:
    User.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(f"{site}/staff/admin/login/?next=/staff/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_staff_set_up_two_step_verification_without_javascript(site: str, page_no_js: Any) -> None:
    sign_in(page_no_js, site)
    assert "/staff/two-step/set-up/" in page_no_js.url
    assert page_no_js.locator("img[src^='data:image/svg+xml']").count() == 1

    page_no_js.fill("#id_code", code_from_key_on_page(page_no_js))
    page_no_js.click("button:has-text('Turn on two-step verification')")
    assert page_no_js.locator("h1").inner_text() == "Two-step verification is on"
    assert page_no_js.locator(".kc-recovery-codes li").count() == 10

    page_no_js.click("text=I have saved my codes, continue")
    assert page_no_js.url.endswith("/staff/admin/")
    assert "Site administration" in page_no_js.content()


@pytest.mark.parametrize("width", [390, 320])
def test_two_step_pages_pass_axe_and_fit_small_screens(site: str, page: Any, axe: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, site)
    problems = []
    page.screenshot(path=f"/tmp/kinship-2fa-setup-{width}.png", full_page=True)
    problems += [f"set-up: {v['id']}" for v in axe(page)] + horizontal_overflow(page)

    page.fill("#id_code", "000000")
    page.click("button:has-text('Turn on two-step verification')")
    page.screenshot(path=f"/tmp/kinship-2fa-error-{width}.png", full_page=True)
    problems += [f"error: {v['id']}" for v in axe(page)] + horizontal_overflow(page)

    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second (throttling)
    page.fill("#id_code", code_from_key_on_page(page))
    page.click("button:has-text('Turn on two-step verification')")
    page.screenshot(path=f"/tmp/kinship-2fa-codes-{width}.png", full_page=True)
    problems += [f"codes: {v['id']}" for v in axe(page)] + horizontal_overflow(page)

    page.context.clear_cookies()
    page.goto(f"{site}/staff/admin/login/?next=/staff/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert "/staff/two-step/verify/" in page.url
    page.screenshot(path=f"/tmp/kinship-2fa-verify-{width}.png", full_page=True)
    problems += [f"verify: {v['id']}" for v in axe(page)] + horizontal_overflow(page)

    assert not problems, "\n".join(problems) + axe_report(axe(page))
