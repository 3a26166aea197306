"""The action builder in Chromium (issue 16): a campaign editor builds an email action, sees an
unknown merge field refused as they type, fixes it, previews it for a demo postcode in English
and in Welsh, and publishes it; then a supporter takes it, confirms by email, and the message is
queued. Each builder page is axe-core clean and fits a 390 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from kinship.campaigns.models import Action, Campaign
from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core.groups import CAMPAIGN_EDITORS
from kinship.dashboard.tests.helpers import browser_sign_in
from kinship.messaging.models import Message, MessageStatus
from kinship.representatives.demo import load_demo_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Dear {{ recipent_name }},\n\nI am a kinship carer in {{ constituency }}. "
    "Please back equal support for kinship families.\n\n{{ sender_name }}"
)
BODY_CY = (
    "Annwyl {{ recipient_name }},\n\nRydw i'n ofalwr sy'n perthyn yn {{ constituency }}. "
    "Cefnogwch deuluoedd sy'n perthyn.\n\n{{ sender_name }}"
)


def _clean_and_fits(page: Any, axe: Any) -> None:
    assert page.locator("h1").count() == 1, page.url
    violations = axe(page)
    assert not violations, f"{page.url}: {violations}"
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    assert width <= 390, f"{page.url} is {width}px wide at 390px"


def test_editor_builds_previews_and_publishes_an_action_that_a_supporter_takes(
    page: Any, axe: Any, live_server: Any, settings: Any, captured_mail: Any, demo_places: Any
) -> None:
    settings.SITE_URL = live_server.url
    settings.KINSHIP_DEMO = True
    cache.clear()
    load_demo_people()
    base = live_server.url
    browser_sign_in(page, base, "ed", CAMPAIGN_EDITORS)

    # A draft campaign made with the campaign builder, then its actions, then a new one
    page.goto(f"{base}/staff/campaigns/new/")
    page.get_by_label("Title", exact=True).fill("Value our love")
    page.get_by_label("Summary", exact=True).fill("Equal support for kinship families.")
    page.get_by_label("The story", exact=True).fill("Kinship carers step in when parents cannot.")
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_role("link", name="Build and preview this campaign's actions").click()
    page.get_by_text("This campaign has no actions yet.").wait_for()
    campaign = Campaign.objects.get()
    _clean_and_fits(page, axe)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("heading", name="New action").wait_for()
    _clean_and_fits(page, axe)

    page.get_by_label("Title", exact=True).fill("Write to your MP about kinship care")
    page.get_by_label("Email the people for the supporter's postcode").check()
    page.get_by_label("People found from the supporter's postcode").check()
    page.get_by_label("MP", exact=True).check()
    page.get_by_label("Subject", exact=True).fill("Kinship care in {{ constituency }}")
    page.get_by_label("Subject in Welsh (optional)").fill("Gofal gan berthnasau yn {{ constituency }}")
    page.get_by_label("Message in Welsh (optional)").fill(BODY_CY)

    # An unknown merge field is refused as it is typed, with the field it should be
    message = page.get_by_label("Message", exact=True)
    message.fill(BODY)
    live = page.locator("#id_body_template-live")
    live.get_by_text(
        "{{ recipent_name }} is not a merge field — did you mean {{ recipient_name }}?"
    ).wait_for()
    assert live.get_attribute("aria-live") == "polite"
    message.fill(BODY.replace("recipent_name", "recipient_name"))
    page.wait_for_function(
        "() => !document.querySelector('#id_body_template-live').textContent.includes('not a merge field')"
    )

    # Preview as a supporter, before saving: English, then Welsh
    page.get_by_label("Postcode to preview for").fill("XX3 1AA")
    page.get_by_label("English", exact=True).check()
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".kc-preview")
    preview.get_by_role("heading", name="Preview for XX3 1AA in English").wait_for()
    assert preview.get_by_text("Gareth Sample, MP").is_visible()
    assert preview.get_by_text("Dear Gareth Sample,").is_visible()
    assert "{{" not in preview.inner_text()
    assert Action.objects.count() == 0  # previewing saves nothing
    _clean_and_fits(page, axe)
    page.get_by_label("Welsh", exact=True).check()
    page.get_by_role("button", name="Preview").click()
    preview.get_by_role("heading", name="Preview for XX3 1AA in Welsh").wait_for()
    assert preview.get_by_text("Annwyl Gareth Sample,").is_visible()
    assert preview.get_by_text(re.compile("Rydw i'n ofalwr sy'n perthyn yn")).is_visible()
    assert Action.objects.count() == 0

    # Publish
    page.get_by_role("button", name="Save and publish").click()
    # Its campaign is still a draft, so the action waits for it
    page.get_by_text("Saved and published. Status: Published, waiting for its campaign.").wait_for()
    action = Action.objects.get()
    assert action.is_published and action.campaign == campaign
    _clean_and_fits(page, axe)

    # The campaign launches with an ask (campaign builder pages)
    page.goto(f"{base}/staff/campaigns/{campaign.pk}/ask/new/")
    page.get_by_label("What we ask for", exact=True).fill("A weekly allowance for every kinship carer")
    page.get_by_label("Why it matters", exact=True).fill("Carers give up work to raise children.")
    page.get_by_role("button", name="Add the ask").click()
    page.goto(f"{base}/staff/campaigns/{campaign.pk}/")
    page.get_by_role("button", name="Launch now").click()
    page.wait_for_load_state("load")
    campaign.refresh_from_db()
    assert campaign.is_public

    # The other builder pages
    page.goto(
        f"{base}/staff/campaigns/{campaign.pk}/actions/{action.pk}/preview/?preview_postcode=XY1+1AA&preview_language=en-gb"
    )
    page.get_by_text("This action is not for where you live").wait_for()
    _clean_and_fits(page, axe)
    page.goto(f"{base}/staff/campaigns/{campaign.pk}/actions/{action.pk}/history/")
    page.get_by_role("heading", name=re.compile("Change history")).wait_for()
    _clean_and_fits(page, axe)
    page.get_by_role("link", name=re.compile("Restore this version")).first.click()
    page.get_by_role("button", name="Restore this version").wait_for()
    _clean_and_fits(page, axe)
    page.goto(f"{base}/staff/campaigns/{campaign.pk}/actions/")
    _clean_and_fits(page, axe)

    # A supporter takes it
    page.context.clear_cookies()
    page.goto(f"{base}/actions/{action.slug}/")
    page.get_by_label("Your postcode").fill("XX3 1AA")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("First name").fill("Gwen")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Email address").fill("gwen@example.com")
    page.get_by_label("Address line 1").fill("1 Maple Road")
    page.get_by_label("Town or city").fill("Exampleton")
    body = page.get_by_label("Your message")
    assert "I am a kinship carer in" in body.input_value()
    page.get_by_role("button", name=re.compile("^Preview|^Check your message")).click()
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_role("heading", name="Check your email").wait_for()
    mail = captured_mail.filter(to__contains="gwen@example.com").order_by("-id").first()
    assert mail is not None
    link = re.search(r"(https?://\S+/messages/confirm/\S+/)", mail.text_body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm and send").click()
    page.locator(".kc-status").first.wait_for()

    (sent,) = Message.objects.filter(action=action)
    assert sent.recipient_name == "Gareth Sample"
    assert sent.status in {MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT}
    assert sent.body.startswith("Dear Gareth Sample,")


def test_without_javascript_check_shows_the_merge_field_problem_next_to_the_field(
    page_no_js: Any, live_server: Any
) -> None:
    campaign = CampaignFactory(title="Value our love")
    base = live_server.url
    browser_sign_in(page_no_js, base, "ed", CAMPAIGN_EDITORS)
    page = page_no_js

    page.goto(f"{base}/staff/campaigns/{campaign.pk}/actions/new/")
    page.get_by_label("Title", exact=True).fill("Write to your MP")
    page.get_by_label("Subject", exact=True).fill("Kinship care in {{ constituancy }}")
    page.get_by_role("button", name="Check").click()

    problem = "{{ constituancy }} is not a merge field — did you mean {{ constituency }}?"
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.locator(".govuk-error-summary").get_by_text(problem).is_visible()
    assert page.locator("#id_subject_template-error").get_by_text(problem).is_visible()
    assert page.get_by_label("Subject", exact=True).input_value() == "Kinship care in {{ constituancy }}"
    assert Action.objects.count() == 0
