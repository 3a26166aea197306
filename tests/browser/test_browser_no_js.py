"""The other forms work with JavaScript turned off, too (htmx and GOV.UK scripts only enhance)."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import make_signup
from playwright.sync_api import expect

from kinship.supporters import tokens
from kinship.supporters.models import ConsentRecord, Supporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asking_for_your_data_without_javascript(site: str, page_no_js: Any, captured_mail: Any) -> None:
    make_signup("data.owner@example.org")
    page_no_js.goto(f"{site}/your-data/")
    page_no_js.get_by_label("Email address").fill("data.owner@example.org")
    page_no_js.get_by_role("button", name="Send me the link").click()
    expect(page_no_js.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert captured_mail.filter(subject__startswith="Your private link").count() == 1


def test_erasing_without_ticking_the_box_shows_the_error_without_javascript(
    site: str, page_no_js: Any
) -> None:
    signup = make_signup("keep.me@example.org")
    token = tokens.make_token(signup.supporter_id, salt=tokens.DATA_ACCESS_SALT)
    page_no_js.goto(f"{site}/cy/your-data/{token}/")
    page_no_js.get_by_role("button", name="Dileu fy nata").click()
    expect(page_no_js.locator(".govuk-error-summary")).to_contain_text(
        "Ticiwch y blwch i gadarnhau eich bod eisiau i’ch data gael ei ddileu"
    )
    assert Supporter.objects.get(pk=signup.supporter_id).email == "keep.me@example.org"


def test_unsubscribing_without_javascript(site: str, page_no_js: Any) -> None:
    signup = make_signup("enough@example.org")
    token = tokens.make_token(signup.supporter_id, salt=tokens.UNSUBSCRIBE_SALT)
    page_no_js.goto(f"{site}/unsubscribe/{token}/")
    page_no_js.get_by_role("button", name="Stop emails").click()
    expect(page_no_js.get_by_role("heading", level=1)).to_have_text("You will not get campaign emails")
    assert ConsentRecord.objects.filter(supporter_id=signup.supporter_id, given=False).count() == 1
