"""Issue 10, defect 1: a printed letter is never "sent". Its states are its own (made,
downloaded, the carer says they posted it), worded so on every page, and never counted as
delivered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.counters import counter_value
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus, Submission
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter_action(place):  # type: ignore[no-untyped-def]
    return ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])


def _letter(action, *, confirm: bool = True, **data) -> Message:  # type: ignore[no-untyped-def]
    submission = services.submission_create(action=action, data=submission_data(**data), language="en-gb")
    if confirm:
        services.submission_confirm(token=_confirm_token(submission))
    return submission.messages.get()


def _confirm_token(submission) -> str:  # type: ignore[no-untyped-def]
    return tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)


def _my_actions_path() -> str:
    # The link names the carer's submission (signed), never their address.
    token = tokens.make_token(Submission.objects.latest("pk").pk, salt=tokens.MY_ACTIONS_SALT)
    return reverse("messaging:my_actions", args=[token])


def test_confirming_a_letter_makes_it_and_counts_the_action_but_does_not_send_it(letter_action, mail):
    letter = _letter(letter_action)
    assert letter.status == MessageStatus.LETTER_MADE
    assert letter.sent_at is None
    assert not letter.was_delivered
    assert not mail.filter(to="lead.member@demoshire.example.org").exists()
    assert counter_value(key=letter_action.counter_key) == 1


def test_downloading_a_confirmed_letter_marks_it_downloaded(client, letter_action):
    letter = _letter(letter_action)
    assert client.get(services.letter_url(letter)).status_code == 200
    letter.refresh_from_db()
    assert letter.status == MessageStatus.LETTER_DOWNLOADED
    assert letter.letter_downloaded_at is not None


def test_a_letter_downloaded_before_confirming_is_downloaded_once_confirmed(client, letter_action):
    letter = _letter(letter_action, confirm=False)
    client.get(services.letter_url(letter))
    letter.refresh_from_db()
    assert letter.status == MessageStatus.AWAITING_CONFIRMATION
    services.submission_confirm(token=_confirm_token(letter.submission))
    letter.refresh_from_db()
    assert letter.status == MessageStatus.LETTER_DOWNLOADED


def test_the_carer_says_they_posted_it_with_a_button(client, letter_action):
    letter = _letter(letter_action)
    response = client.post(services.letter_posted_url(letter))
    assert response.status_code == 200
    assert "Thank you for posting your letter" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == MessageStatus.LETTER_POSTED and letter.letter_posted_at is not None
    assert not letter.was_delivered
    assert client.post(services.letter_posted_url(letter)).status_code == 200  # twice changes nothing


def test_posted_cannot_be_said_by_a_link_or_before_confirming(client, letter_action):
    letter = _letter(letter_action, confirm=False)
    assert client.get(services.letter_posted_url(letter)).status_code == 405
    assert client.post(services.letter_posted_url(letter)).status_code == 404
    letter.refresh_from_db()
    assert letter.status == MessageStatus.AWAITING_CONFIRMATION
    assert client.post(reverse("messaging:letter_posted", args=["nonsense"])).status_code == 404


def test_the_confirm_page_never_says_a_letter_was_sent(client, letter_action):
    letter = _letter(letter_action, confirm=False)
    path = reverse("messaging:confirm", args=[_confirm_token(letter.submission)])
    asking = client.get(path).content.decode()
    assert "Keep your letter and count it" in asking
    assert "Confirm and send" not in asking
    done = client.post(path, follow=True).content.decode()
    assert "Your letter is ready to post" in done
    assert "on its way" not in done
    assert not re.search(r">\s*Sent\s*<", done)
    assert "Delivered" not in done
    assert "Letter made: print it, sign it and post it" in done
    assert "I have posted my letter to" in done


def test_my_actions_words_a_letter_as_a_letter(client, letter_action):
    letter = _letter(letter_action)
    page = client.get(_my_actions_path()).content.decode()
    assert "Letter made: print it, sign it and post it" in page
    assert "I have posted it" in page
    assert "Delivered" not in page and not re.search(r">\s*Sent\s*<", page)
    services.letter_mark_posted(message=letter)
    page = client.get(_my_actions_path()).content.decode()
    assert "You posted this letter" in page
    assert "I have posted it" not in page


def test_only_a_posted_letter_is_asked_about_a_reply(letter_action, mail):
    made = _letter(letter_action)
    posted = _letter(
        letter_action,
        email="other.carer@example.org",
        body="We took in our niece last spring and nobody told us what help there was. " * 3,
    )
    services.letter_mark_posted(message=posted)
    assert not made.may_ask_about_reply
    posted.refresh_from_db()
    assert posted.may_ask_about_reply
    later = timezone.now() + dt.timedelta(days=15)
    assert services.followups_send(now=later) >= 1
    posted.refresh_from_db()
    made.refresh_from_db()
    assert posted.followup_sent_at is not None
    assert made.followup_sent_at is None


def test_letter_text_is_deleted_after_the_retention_time_although_never_sent(letter_action):
    letter = _letter(letter_action)
    later = timezone.now() + dt.timedelta(days=400)
    services.message_bodies_expire(now=later)
    letter.refresh_from_db()
    assert letter.body == "" and letter.body_deleted_at is not None


def test_letters_made_before_their_own_states_are_made_not_sent(letter_action):
    from importlib import import_module

    from django.apps import apps

    letter = _letter(letter_action)
    Message.objects.filter(pk=letter.pk).update(status=MessageStatus.SENT, sent_at=timezone.now())
    migration = import_module("kinship.messaging.migrations.0003_letter_states")
    migration.letters_were_never_sent(apps, None)
    letter.refresh_from_db()
    assert letter.status == MessageStatus.LETTER_MADE and letter.sent_at is None
