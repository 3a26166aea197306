"""The guided steps in Chromium on a 390 px phone: postcode → who → what → how → write →
preview → send → confirmation email over real SMTP → confirm → one email to the lead member.
axe-core checks every page on the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from kinship.localcampaigns.toolkit import PROMPT
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tests.conftest import run_worker

STORY = "We took in our grandson at three days old. It took a year to get any help with his nursery costs."

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_axe_failures(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def test_a_carer_on_a_phone_is_guided_to_a_sent_email(
    page, axe, live_server, place, campaign, smtp, db_tasks, settings
):
    settings.SITE_URL = live_server.url
    place.lead_member.start_date = timezone.localdate() - dt.timedelta(days=20)
    place.lead_member.save()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/campaign-in-your-council/")
    no_axe_failures(page, axe)
    page.get_by_label("Your postcode").fill("xx1 1aa")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Who do you want to contact?").wait_for()
    assert page.get_by_test_id("why-now").is_visible()
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Continue").click()  # nothing chosen: told, not lost
    page.locator(".govuk-error-summary").wait_for()
    no_axe_failures(page, axe)
    page.get_by_label(re.compile("Cllr Sam Lead")).check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="What do you want to ask for?").wait_for()
    no_axe_failures(page, axe)
    page.get_by_label("Ask the council to review its support for kinship carers").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="How do you want to ask?").wait_for()
    no_axe_failures(page, axe)
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Your message", exact=True).first.wait_for()
    no_axe_failures(page, axe)
    page.get_by_label("First name").fill("Gwen")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Email address").fill("gwen@example.com")
    page.get_by_label("Address line 1").fill("1 Maple Road")
    page.get_by_label("Town or city").fill("Fictionham")
    body = page.get_by_label("Your message")
    body.fill(body.input_value().replace(str(PROMPT), STORY))
    page.get_by_role("button", name="Preview your message").click()

    page.get_by_role("heading", name="Check your message").wait_for()
    assert page.get_by_text("Dear Cllr Sam Lead,").is_visible()
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_role("heading", name="Check your email").wait_for()
    no_axe_failures(page, axe)

    run_worker()
    inbox = smtp.inbox
    assert inbox.wait_for(lambda: inbox.to("gwen@example.com"))
    assert not inbox.to("lead.member@demoshire.example.org")  # nothing before confirming
    text = inbox.to("gwen@example.com")[0].get_body(("plain",)).get_content()
    page.goto(re.search(r"(https?://\S+/messages/confirm/\S+/)", text).group(1))
    page.get_by_role("button", name="Confirm and send").click()
    page.get_by_role("heading", name="Your message is on its way").wait_for()

    run_worker()
    received = inbox.to("lead.member@demoshire.example.org")
    assert len(received) == 1
    message = Message.objects.get()
    assert message.status == MessageStatus.SENT
    assert received[0]["Message-ID"] == message.message_id
    assert STORY in received[0].get_body(("plain",)).get_content()
    assert "special guardians" in received[0].get_body(("plain",)).get_content()


def test_the_meeting_step_passes_axe(page, axe, live_server, place):
    page.set_viewport_size({"width": 390, "height": 844})
    key = f"o{place.lead_member.pk}"
    page.goto(
        f"{live_server.url}/campaign-in-your-council/when/?postcode=XX1+1AA&who={key}&ask=awareness&method=invitation"
    )
    page.get_by_role("heading", name="About the meeting").wait_for()
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    no_axe_failures(page, axe)


def test_the_journey_log_pages_pass_axe_on_a_phone(page, axe, live_server):
    from kinship.core.signing import make_token
    from kinship.localcampaigns import tokens
    from kinship.localcampaigns.models import Journey

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/campaign-journey/")
    no_axe_failures(page, axe)
    journey = Journey.objects.create(
        email="gwen@example.com", council_code="E10900001", council_name="Demoshire"
    )
    base = f"{live_server.url}/campaign-journey/{make_token(journey.pk, salt=tokens.JOURNEY_SALT)}/"
    page.goto(base)
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Add this step").click()  # nothing filled in: errors, kindly
    page.locator(".govuk-error-summary").wait_for()
    no_axe_failures(page, axe)
    page.get_by_label("I contacted someone").check()
    page.get_by_label("When").fill(timezone.localdate().isoformat())
    page.get_by_label("Who (optional)").fill("Cllr Sam Lead")
    page.get_by_role("button", name="Add this step").click()
    page.get_by_text("Campaigning at Demoshire:").wait_for()
    assert page.get_by_test_id("council-status").inner_text().endswith("Contacted")
    no_axe_failures(page, axe)
    page.goto(f"{base}delete/")
    no_axe_failures(page, axe)
    page.get_by_role("button", name="Delete my log").click()
    page.get_by_role("heading", name="Your log has been deleted").wait_for()
    assert not Journey.objects.exists()
