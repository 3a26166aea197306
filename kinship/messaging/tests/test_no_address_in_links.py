"""No URL we make holds personal data (issue 11 item 5): every link in every email a carer gets
on the way (confirm, reminder, "my actions", a failure notice, "Did you get a reply?", a
follow-up's confirmation) carries a signed id, never their address."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kinship.core.models import OutboundEmail
from kinship.core.outbox import render_email
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus, ReplyAnswer
from kinship.messaging.services.links import bounce_token
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db

ADDRESS = "o/brien+kin@example.com"
URL_RE = re.compile(r"https?://[^\s\"'<>]+")


def _text(row: OutboundEmail) -> str:
    if row.template and not row.text_body:
        _subject, text, html = render_email(row.template, row.context, row.language)
        return text + html
    return row.text_body + row.html_body


def test_no_link_in_any_email_to_a_carer_holds_their_address(action, mail):
    data = submission_data(email=ADDRESS, target_keys=None)
    sub = services.submission_create(action=action, data=data, language="en-gb")
    services.submissions_remind(now=timezone.now() + dt.timedelta(days=2, hours=1))
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    services.my_actions_request(email=ADDRESS, language="en-gb")
    mp, lead = sub.messages.get(recipient_role="mp"), sub.messages.exclude(recipient_role="mp").get()
    Message.objects.filter(pk__in=[mp.pk, lead.pk]).update(
        status=MessageStatus.SENT, sent_at=timezone.now() - dt.timedelta(days=15)
    )
    assert services.message_mark_bounced(token=bounce_token(mp), description="550")
    assert services.followups_send() == 1
    Message.objects.filter(pk=lead.pk).update(reply_answer=ReplyAnswer.NO)
    lead.refresh_from_db()
    same, _up = services.followup_targets(message=lead)
    services.followup_send(message=lead, target=same, subject="Following up", body="Please reply to me.")

    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {
        "message_confirmation",
        "message_reminder",
        "my_actions_link",
        "message_failed",
        "message_followup",
    } <= kinds
    links = [url for row in OutboundEmail.objects.filter(to=ADDRESS) for url in URL_RE.findall(_text(row))]
    assert len(links) >= 6
    for url in links:
        assert "@" not in url and "%40" not in url.upper() and "brien" not in url, url
