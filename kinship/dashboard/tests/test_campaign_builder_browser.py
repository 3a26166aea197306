"""The campaign builder in Chromium: every page passes axe-core and fits a 390 px phone without
sideways scrolling, and a campaign can be built and launched with JavaScript turned off."""

from __future__ import annotations

from typing import Any

import pytest

from kinship.campaigns.models import Campaign, CampaignStatus
from kinship.campaigns.tests.factories import (
    ActionFactory,
    AskFactory,
    CampaignFactory,
    CommitmentFactory,
    FactFactory,
    NewsItemFactory,
)
from kinship.core.groups import CAMPAIGN_EDITORS
from kinship.dashboard.tests.helpers import browser_sign_in, check_console_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_campaign_builder_pages_pass_axe_and_fit_a_phone(page: Any, axe: Any, live_server: Any) -> None:
    campaign = CampaignFactory(
        status=CampaignStatus.LIVE,
        title="Equal pay for kinship carers, a long title to test wrapping on a small phone screen",
    )
    ask = AskFactory(campaign=campaign)
    AskFactory(campaign=campaign, order=2)
    fact = FactFactory(campaign=campaign)
    news = NewsItemFactory(campaign=campaign, is_published=False)
    commitment = CommitmentFactory(campaign=campaign)
    ActionFactory(campaign=campaign)
    campaign.summary = "A longer summary " * 10
    campaign.save()
    draft = CampaignFactory(status=CampaignStatus.DRAFT, title="A draft")
    version = campaign.history.earliest("history_date").history_id
    browser_sign_in(page, live_server.url, "eddie", CAMPAIGN_EDITORS)
    base = f"{live_server.url}/staff/campaigns/{campaign.pk}"
    for url in (
        f"{live_server.url}/staff/",
        f"{live_server.url}/staff/campaigns/",
        f"{live_server.url}/staff/campaigns/new/",
        base + "/",
        base + "/edit/",
        base + "/schedule/",
        base + "/end/?how=won",
        base + "/history/",
        base + f"/history/campaign/{version}/restore/",
        base + "/ask/new/",
        base + f"/ask/{ask.pk}/",
        base + f"/ask/{ask.pk}/remove/",
        base + "/fact/new/",
        base + f"/fact/{fact.pk}/",
        base + f"/news/{news.pk}/",
        base + "/commitment/new/",
        base + f"/commitment/{commitment.pk}/",
        f"{live_server.url}/staff/campaigns/{draft.pk}/",
    ):
        check_console_page(page, axe, url)

    # The web address is suggested as the title is typed, and kept once edited by hand.
    page.goto(f"{live_server.url}/staff/campaigns/new/")
    page.locator("#id_title").press_sequentially("Fair pay, now!")
    assert page.input_value("#id_slug") == "fair-pay-now"
    page.fill("#id_slug", "my-own")
    page.locator("#id_title").press_sequentially(" Really")
    assert page.input_value("#id_slug") == "my-own"

    # A form with errors: summarised at the top and beside each field.
    page.fill("#id_title", "")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert not axe(page)


def test_a_campaign_is_built_and_launched_without_javascript(page_no_js: Any, live_server: Any) -> None:
    page = page_no_js
    browser_sign_in(page, live_server.url, "eddie", CAMPAIGN_EDITORS)

    page.goto(f"{live_server.url}/staff/campaigns/")
    page.click("text=New campaign")
    page.fill("#id_title", "Paid leave for kinship carers")
    page.fill("#id_summary", "Time to settle a child in.")
    page.fill("#id_story", "When Sam came to live with us, I had no leave.")
    page.click("text=Save as a draft")
    assert "saved as a draft" in page.content()

    page.click("text=Launch now")
    assert "Add at least one ask" in page.content()

    page.click("text=Add an ask")
    page.fill("#id_title", "Paid kinship leave")
    page.fill("#id_explanation", "Like adoption leave.")
    page.click("button[type=submit]")
    page.click("text=Launch now")

    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.LIVE
    assert campaign.slug == "paid-leave-for-kinship-carers"
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    assert "Paid leave for kinship carers" in page.content()
