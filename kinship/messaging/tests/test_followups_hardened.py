"""Follow-ups go the way a first message goes (issue 11 item 2): one per original message and
person, only once due (day 14) and after the carer said there was no reply, confirmed from the
carer's inbox, under the same rate limits, near-copy checks and moderation; the subject is
cleaned to one line."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.mail import BadHeaderError
from django.test import Client
from django.utils import timezone

from kinship.core.counters import counter_value
from kinship.core.failures import send_failure_is_permanent
from kinship.core.models import OutboundEmail
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus, Moderation, ReplyAnswer, Submission
from kinship.messaging.tests.concurrency import in_threads, needs_postgres
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = pytest.mark.django_db

MP = "mp@parliament.example.org"


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()


def _sent(action, *, body: str = BODY, days_ago: float = 15, answer: str = ReplyAnswer.NO) -> Message:  # type: ignore[no-untyped-def]
    """A message to the MP, delivered `days_ago`, with the carer's answer to "Did you get a reply?"."""
    sub = services.submission_create(
        action=action, data=submission_data(body=body, target_keys=None), language="en-gb"
    )
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    message = sub.messages.get(recipient_role="mp")
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now() - dt.timedelta(days=days_ago), reply_answer=answer
    )
    message.refresh_from_db()
    return message


def _url(message: Message) -> str:
    return f"/messages/follow-up/{tokens.make_token(message.pk, salt=tokens.REPLY_SALT)}/"


def _form(**overrides: str) -> dict[str, str]:
    return {"who": "same", "subject": "Following up", "body": "Please reply. " + BODY, **overrides}


def _followups(message: Message) -> int:
    return Submission.objects.filter(follow_up_of=message).count()


def test_posting_the_follow_up_form_15_times_makes_at_most_one_and_none_before_due(client, action, mail):
    message = _sent(action, days_ago=3)
    for _ in range(15):
        response = client.post(_url(message), _form())
        assert response.status_code == 400 and "too early to follow up" in response.content.decode()
    assert _followups(message) == 0

    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now() - dt.timedelta(days=15))
    codes = [client.post(_url(message), _form()).status_code for _ in range(15)]
    assert codes[0] == 200 and set(codes[1:]) == {400}
    assert _followups(message) == 1
    # Nothing reaches the MP until the carer confirms it from their inbox.
    assert Message.objects.get(submission__follow_up_of=message).status == MessageStatus.AWAITING_CONFIRMATION
    assert mail.filter(to=MP).count() == 0


def test_a_follow_up_is_sent_only_once_the_carer_confirms_it(
    client, action, mail, django_capture_on_commit_callbacks
):
    message = _sent(action)
    page = client.post(_url(message), _form())
    assert "Check your email" in page.content.decode()
    followup = Message.objects.get(submission__follow_up_of=message)
    assert followup.status == MessageStatus.AWAITING_CONFIRMATION
    email = OutboundEmail.objects.filter(kind="message_confirmation").order_by("-pk").first()
    assert email is not None and email.to == "gwen.jones@example.com"
    confirm = re.search(r"/messages/confirm/([^/]+)/", email.context["confirm_url"])
    assert confirm
    counted = counter_value(key=action.counter_key)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_confirm(token=confirm.group(1))
    assert counter_value(key=action.counter_key) == counted  # the same carer's action, counted once
    followup.refresh_from_db()
    assert followup.status == MessageStatus.SENT
    assert mail.filter(to=MP).count() == 1


@pytest.mark.parametrize("answer", ["", ReplyAnswer.YES_HELPED, ReplyAnswer.NOT_YET])
def test_no_follow_up_unless_the_carer_said_there_was_no_reply(client, action, mail, answer):
    message = _sent(action, answer=answer)
    assert "whether you got a reply" in client.get(_url(message)).content.decode()
    assert client.post(_url(message), _form()).status_code == 400
    assert _followups(message) == 0


def test_one_follow_up_per_person_but_the_next_person_up_may_still_get_one(client, action, mail, place):
    message = _sent(action)
    message.recipient_role = "lead_member_children"
    lead = Message.objects.get(submission=message.submission, recipient_role="lead_member_children")
    Message.objects.filter(pk=lead.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now() - dt.timedelta(days=15), reply_answer=ReplyAnswer.NO
    )
    assert client.post(_url(lead), _form(who="same")).status_code == 200
    assert client.post(_url(lead), _form(who="same")).status_code == 400
    assert client.post(_url(lead), _form(who="next")).status_code == 200
    assert client.post(_url(lead), _form(who="next")).status_code == 400
    people = sorted(
        Message.objects.filter(submission__follow_up_of=lead).values_list("recipient_name", flat=True)
    )
    assert people == ["Cllr Pat Leader", "Cllr Sam Lead"]


def test_a_crlf_subject_is_one_line(client, action, mail):
    message = _sent(action)
    client.post(_url(message), _form(subject="Following up\r\nBcc: everyone@example.org"))
    followup = Message.objects.get(submission__follow_up_of=message)
    assert followup.subject == "Following up Bcc: everyone@example.org"
    assert "\n" not in followup.subject and "\r" not in followup.subject


def test_a_header_that_cannot_be_built_is_not_retried():
    assert send_failure_is_permanent(BadHeaderError("Header values can't contain newlines"))


def test_quoting_the_original_is_not_a_near_copy_but_repeating_another_message_is_held(
    client, action, mail, django_capture_on_commit_callbacks
):
    message = _sent(action, body=BODY)
    assert client.post(_url(message), _form()).status_code == 200  # the draft quotes the original
    assert Submission.objects.get(follow_up_of=message).flag_reason == ""

    other_text = (
        "My granddaughter came to us with nothing. " * 4 + "We needed help with school and with money."
    )
    second = _sent(action, body=other_text)
    client.post(_url(second), _form(body="Please answer. " + BODY))  # a copy of the first message again
    held = Submission.objects.get(follow_up_of=second)
    assert held.flag_reason
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_confirm(token=tokens.make_token(held.pk, salt=tokens.CONFIRM_SALT))
    assert set(held.messages.values_list("status", "moderation")) == {
        (MessageStatus.WITHHELD, Moderation.PENDING)
    }


def test_follow_ups_count_towards_the_senders_rate_limit(client, action, mail, settings):
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.KINSHIP_RATE_SUBMIT_EMAIL = "1/3600"
    message = _sent(action)
    lead = Message.objects.get(submission=message.submission, recipient_role="lead_member_children")
    Message.objects.filter(pk=lead.pk).update(
        status=MessageStatus.SENT, sent_at=timezone.now() - dt.timedelta(days=15), reply_answer=ReplyAnswer.NO
    )
    assert client.post(_url(message), _form()).status_code == 200
    refused = client.post(_url(lead), _form())
    assert refused.status_code == 400 and "a lot of messages from you" in refused.content.decode()
    assert _followups(lead) == 0


@pytest.mark.django_db(transaction=True)
def test_fifteen_racing_posts_make_one_follow_up(action, settings):
    needs_postgres()
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    message = _sent(action)
    url = _url(message)
    codes: list[int] = []
    errors = in_threads(*[lambda: codes.append(Client().post(url, _form()).status_code) for _ in range(15)])
    assert not errors
    assert sorted(codes) == [200] + [400] * 14
    assert _followups(message) == 1
