"""Joining #ValueOurLove in a real browser: English, Welsh, without JavaScript, and with mistakes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import (
    CAMPAIGN_SLUG,
    ENGLISH,
    WELSH,
    Words,
    fill_join_form,
    make_signup,
    open_confirmation_email,
)
from browser_support import supporter_count as shown_count
from playwright.sync_api import expect

from kinship.supporters.models import ConsentRecord, Signup, SignupStatus, Supporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def join_and_confirm(page: Any, base: str, words: Words, *, email: str) -> None:
    """The whole journey: campaign page → form → check your email → email → confirm → count."""
    campaign_url = f"{base}{words.prefix}/campaigns/{CAMPAIGN_SLUG}/"
    page.goto(campaign_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.campaign_title)
    before = shown_count(page)

    fill_join_form(page, words, name="Gwen Jones", email=email)
    page.locator("form.kc-join-form").get_by_role("button", name=words.join_button).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words.check_email_heading)
    assert page.url.startswith(f"{base}{words.prefix}/campaigns/{CAMPAIGN_SLUG}/join/check-your-email/")

    open_confirmation_email(page, base, words, to=email)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.confirm_heading)
    page.get_by_role("button", name=words.confirm_button).click()

    expect(page).to_have_url(re.compile(re.escape(campaign_url) + "(#supporters)?$"))
    expect(page.get_by_text(words.joined_message)).to_be_visible()
    assert shown_count(page) == before + 1
    signup = Signup.objects.get(supporter__email=email)
    assert signup.status == SignupStatus.CONFIRMED


def test_joining_in_english_adds_one_to_the_count(site: str, page: Any) -> None:
    join_and_confirm(page, site, ENGLISH, email="gwen@example.org")
    assert Supporter.objects.get(email="gwen@example.org").language.startswith("en")


def test_joining_in_welsh_adds_one_to_the_count(site: str, page: Any) -> None:
    join_and_confirm(page, site, WELSH, email="gwen.cy@example.org")
    assert Supporter.objects.get(email="gwen.cy@example.org").language == "cy"


def test_joining_without_javascript_adds_one_to_the_count(site: str, page_no_js: Any) -> None:
    page_no_js.goto(f"{site}/")
    assert page_no_js.evaluate("1 + 1") == 2  # evaluate still works: only page scripts are off
    assert not page_no_js.locator("body.js-enabled").count()
    join_and_confirm(page_no_js, site, ENGLISH, email="no-js@example.org")


def test_joining_in_welsh_without_javascript(site: str, page_no_js: Any) -> None:
    join_and_confirm(page_no_js, site, WELSH, email="no-js.cy@example.org")


def test_consent_is_only_recorded_when_the_box_is_ticked(site: str, page: Any) -> None:
    page.goto(f"{site}/campaigns/{CAMPAIGN_SLUG}/")
    fill_join_form(page, ENGLISH, name="Ticked Box", email="ticked@example.org")
    page.get_by_role("checkbox").check()
    page.locator("form.kc-join-form").get_by_role("button", name=ENGLISH.join_button).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ENGLISH.check_email_heading)
    record = ConsentRecord.objects.get(supporter__email="ticked@example.org")
    assert record.given and record.wording.startswith("Yes, email me")


@pytest.mark.parametrize("words", [ENGLISH, WELSH], ids=["en", "cy"])
def test_an_empty_form_shows_every_problem_and_creates_nothing(site: str, page: Any, words: Words) -> None:
    page.goto(f"{site}{words.prefix}/campaigns/{CAMPAIGN_SLUG}/")
    page.locator("form.kc-join-form").get_by_role("button", name=words.join_button).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(words.error_summary_title)
    expect(summary.get_by_role("link", name=words.name_required)).to_be_visible()
    expect(summary.get_by_role("link", name=words.carer_required)).to_be_visible()
    expect(page.locator("#id_name-error")).to_contain_text(words.name_required)
    assert page.title().startswith(words.error_prefix)
    assert Supporter.objects.count() == 0
    assert Signup.objects.count() == 0


@pytest.mark.parametrize("words", [ENGLISH, WELSH], ids=["en", "cy"])
def test_a_bad_email_keeps_the_rest_of_the_input(site: str, page: Any, words: Words) -> None:
    page.goto(f"{site}{words.prefix}/campaigns/{CAMPAIGN_SLUG}/join/")
    page.get_by_label(words.name_label, exact=True).fill("Dafydd ap Gwilym")
    page.get_by_label(words.email_label, exact=True).fill("not-an-email")
    page.get_by_role("radio", name=words.carer_no, exact=True).check()
    page.get_by_role("button", name=words.join_button).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=words.email_invalid)).to_be_visible()
    expect(page.locator("#id_email-error")).to_contain_text(words.email_invalid)
    expect(page.get_by_label(words.name_label, exact=True)).to_have_value("Dafydd ap Gwilym")
    expect(page.get_by_label(words.email_label, exact=True)).to_have_value("not-an-email")
    expect(page.get_by_role("radio", name=words.carer_no, exact=True)).to_be_checked()
    assert page.locator(".govuk-error-message").count() == 1
    assert Supporter.objects.count() == 0
    assert Signup.objects.count() == 0


def test_the_error_summary_links_move_to_the_field(site: str, page: Any) -> None:
    page.goto(f"{site}/campaigns/{CAMPAIGN_SLUG}/join/")
    page.get_by_role("button", name=ENGLISH.join_button).click()
    page.locator(".govuk-error-summary").get_by_role("link", name=ENGLISH.name_required).click()
    expect(page.get_by_label(ENGLISH.name_label, exact=True)).to_be_focused()


def test_the_language_switch_lands_on_the_same_page(site: str, page: Any) -> None:
    page.goto(f"{site}/campaigns/{CAMPAIGN_SLUG}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(f"{site}/cy/campaigns/{CAMPAIGN_SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text(WELSH.campaign_title)
    page.get_by_role("contentinfo").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{site}/campaigns/{CAMPAIGN_SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")


def test_with_javascript_the_count_refreshes_itself(site: str, page: Any) -> None:
    """htmx re-fetches the count every 30 seconds; the fake clock makes that happen now."""
    from kinship.supporters import services, tokens

    page.clock.install()
    page.goto(f"{site}/campaigns/{CAMPAIGN_SLUG}/")
    before = shown_count(page)
    signup = make_signup("someone.else@example.org")
    services.signup_confirm(token=tokens.make_token(signup.pk, salt=tokens.JOIN_SALT))
    page.clock.fast_forward("00:31")
    expect(page.get_by_test_id("supporter-count")).to_have_text(str(before + 1))
