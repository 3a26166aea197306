"""Issue 10, defect 7: a repeat of an unconfirmed submission (same sender by canonical email,
same action, same recipients) reuses the first: one confirmation email, counted once. Through
the service, the web form and the JSON API."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection

from kinship.campaigns.selectors import action_total
from kinship.core.models import OutboundEmail
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, Submission, SubmissionStatus
from kinship.messaging.tests.concurrency import in_threads, needs_postgres
from kinship.messaging.tests.factories import BODY, submission_data


def _confirmations() -> int:
    return OutboundEmail.objects.filter(kind="message_confirmation").count()


def _confirm(submission: Submission) -> None:
    services.submission_confirm(token=tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT))


@pytest.mark.django_db
def test_submitting_the_same_message_twice_keeps_one_submission_one_email_and_one_count(action):
    first = services.submission_create(action=action, data=submission_data(), language="en-gb")
    again = services.submission_create(
        action=action, data=submission_data(email="  gwen.jones@EXAMPLE.com "), language="en-gb"
    )
    assert again.pk == first.pk
    assert Submission.objects.count() == 1 and Message.objects.count() == 2
    assert _confirmations() == 1
    _confirm(first)
    _confirm(again)
    assert action_total(action=action) == 1


@pytest.mark.django_db
def test_other_recipients_or_another_sender_make_a_new_submission(action, place):
    services.submission_create(action=action, data=submission_data(), language="en-gb")
    services.submission_create(
        action=action, data=submission_data(target_keys=[f"o{place.mp.pk}"]), language="en-gb"
    )
    services.submission_create(action=action, data=submission_data(email="sam@example.com"), language="en-gb")
    assert Submission.objects.count() == 3 and _confirmations() == 3


@pytest.mark.django_db
def test_once_confirmed_the_same_message_again_is_a_new_action(action):
    first = services.submission_create(action=action, data=submission_data(), language="en-gb")
    _confirm(first)
    again = services.submission_create(action=action, data=submission_data(), language="en-gb")
    assert again.pk != first.pk and again.status == SubmissionStatus.AWAITING_CONFIRMATION
    assert _confirmations() == 2


@pytest.mark.django_db
def test_the_web_form_sent_twice_sends_one_confirmation_and_counts_once(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    data = {
        "postcode": "XX1 1AA",
        "targets": [f"o{place.mp.pk}", f"o{place.lead_member.pk}"],
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
        "send": "1",
    }
    url = f"/actions/{action.slug}/write/"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
    assert Submission.objects.count() == 1
    emails = list(mail.filter(to="gwen@example.com"))
    assert len(emails) == 1
    link = re.search(r"(/messages/confirm/[^\s]+/)", emails[0].text_body)
    assert link
    client.post(link.group(1))
    client.post(link.group(1))
    assert action_total(action=action) == 1


@pytest.mark.django_db
def test_the_api_sent_twice_answers_with_the_same_submission_and_one_email(client, action):
    payload = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
    }
    url = f"/api/v1/actions/{action.slug}/submissions"
    one = client.post(url, json.dumps(payload), content_type="application/json")
    two = client.post(url, json.dumps(payload), content_type="application/json")
    assert one.status_code == two.status_code == 202
    assert one.json()["id"] == two.json()["id"]
    assert len(two.json()["targets"]) == 2
    assert Submission.objects.count() == 1 and _confirmations() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_the_same_moment_stores_one_submission(action):
    needs_postgres()
    results: list[int] = []

    def submit() -> None:
        sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
        results.append(sub.pk)

    errors = in_threads(submit, submit, submit)
    assert errors == []
    assert len(set(results)) == 1
    assert Submission.objects.count() == 1 and Message.objects.count() == 2 and _confirmations() == 1
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_erasure_clears_the_repeat_key_and_the_same_message_can_be_written_again(action):
    first = services.submission_create(action=action, data=submission_data(), language="en-gb")
    services.messages_erase_by_email(email="gwen.jones@example.com")
    first.refresh_from_db()
    assert first.repeat_key == ""  # it is derived from the address
    again = services.submission_create(action=action, data=submission_data(), language="en-gb")
    assert again.pk != first.pk and again.repeat_key


@pytest.mark.django_db
def test_an_abandoned_submission_keeps_no_repeat_key(action):
    import datetime as dt

    from django.utils import timezone

    first = services.submission_create(action=action, data=submission_data(), language="en-gb")
    Submission.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    services.submissions_abandon()
    first.refresh_from_db()
    assert first.status == SubmissionStatus.ABANDONED and first.repeat_key == ""


@pytest.mark.django_db
def test_a_repeat_with_changed_words_keeps_one_submission_and_the_latest_words(
    action, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submission_create(action=action, data=submission_data(), language="en-gb")
        again = services.submission_create(
            action=action,
            data=submission_data(body=BODY + " I fixed a typo.", address_line1="2 Maple Road"),
            language="en-gb",
        )
    assert again.pk == first.pk and Submission.objects.count() == 1
    assert len(smtp.inbox.to("gwen.jones@example.com")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(first)
    [received] = smtp.inbox.to("mp@parliament.example.org")
    text = received.get_body(("plain",)).get_content()
    assert "I fixed a typo." in text and "2 Maple Road" in text and "1 Maple Road" not in text
    stored = Submission.objects.get()
    assert stored.flag_reason == ""  # not held as a near copy of itself
    assert action_total(action=action) == 1
