"""The whole journey in Chromium: postcode → who and why → write → preview → submit →
confirmation email over real SMTP → confirm → the worker delivers one message to each person."""

from __future__ import annotations

import re

import pytest

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.tests.conftest import run_worker

STORY = (
    "My granddaughter came to live with us when she was two. For a year we had no help at all and I had to "
    "give up work. An allowance and a named social worker would have made all the difference."
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_carer_writes_to_mp_and_lead_member_and_each_gets_one_email(
    page, live_server, place, smtp, db_tasks, settings
):
    settings.SITE_URL = live_server.url
    ActionFactory(
        slug="email-your-councillors",
        title="Email the people who run children's services near you",
        target_roles=["mp", "lead_member_children"],
        body_template="I live in {{ council }}.\n\n[Tell them what happened and what would have helped.]\n\nPlease act.",
    )

    page.goto(f"{live_server.url}/actions/email-your-councillors/")
    page.get_by_label("Your postcode").fill("xx1 1aa")
    page.get_by_role("button", name="Continue").click()

    # Who and why, before writing
    page.get_by_text("Alex Member MP, MP").wait_for()
    assert page.get_by_text("Cllr Sam Lead, Lead member for children's services").is_visible()
    assert page.get_by_text("MPs only take up cases from their own constituents").first.is_visible()
    assert page.get_by_label(re.compile("Alex Member MP")).is_checked()

    page.get_by_label("First name").fill("Gwen")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Email address").fill("gwen@example.com")
    page.get_by_label("Address line 1").fill("1 Maple Road")
    page.get_by_label("Town or city").fill("Fictionham")
    body = page.get_by_label("Your message")
    assert "Demoshire County Council" in body.input_value()
    body.fill(body.input_value().replace("[Tell them what happened and what would have helped.]", STORY))
    page.get_by_role("button", name="Preview your message").click()

    page.get_by_role("heading", name="Check your message").wait_for()
    assert page.get_by_text("Dear Alex Member MP,").is_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert Message.objects.filter(status=MessageStatus.AWAITING_CONFIRMATION).count() == 2

    # The worker sends the confirmation email to the SMTP server on loopback
    run_worker()
    inbox = smtp.inbox
    assert inbox.wait_for(lambda: inbox.to("gwen@example.com"))
    assert not inbox.to("mp@parliament.example.org")  # nothing sent before confirming
    text = inbox.to("gwen@example.com")[0].get_body(("plain",)).get_content()
    link = re.search(r"(https?://\S+/messages/confirm/\S+/)", text).group(1)

    page.goto(link)
    page.get_by_role("button", name="Confirm and send").click()
    page.get_by_role("heading", name="Your message is on its way").wait_for()

    run_worker()
    mp_mail, lead_mail = inbox.to("mp@parliament.example.org"), inbox.to("lead.member@demoshire.example.org")
    assert len(mp_mail) == 1 and len(lead_mail) == 1
    for received, role in ((mp_mail[0], "mp"), (lead_mail[0], "lead_member_children")):
        row = Message.objects.get(recipient_role=role)
        assert row.status == MessageStatus.SENT
        assert received["Message-ID"] == row.message_id
        assert "campaigns@kinship-campaigns.example.org" in received["From"]
        assert "gwen@example.com" in received["Reply-To"]
        assert STORY in received.get_body(("plain",)).get_content()
