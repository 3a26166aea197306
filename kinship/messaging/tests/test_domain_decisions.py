"""Decisions pages used to make in templates, now made once in code: which page takes an action,
and which messages did not arrive."""

from __future__ import annotations

import pytest

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.models import Message, MessageStatus
from kinship.messaging.services import action_take_url

pytestmark = pytest.mark.django_db


def test_a_phone_action_is_taken_on_the_call_page():
    action = ActionFactory(slug="ring", kind=ActionKind.PHONE)
    assert action_take_url(action) == "/actions/ring/call/"


@pytest.mark.parametrize(
    "kind", [ActionKind.EMAIL_POSTCODE, ActionKind.EMAIL_FIXED, ActionKind.LETTER, ActionKind.MEETING]
)
def test_every_other_action_is_taken_on_the_writing_page(kind):
    action = ActionFactory(slug="write", kind=kind)
    assert action_take_url(action) == "/actions/write/write/"


def test_the_postcode_goes_with_the_link():
    action = ActionFactory(slug="write")
    assert action_take_url(action, postcode="XX3 1AA") == "/actions/write/write/?postcode=XX3%201AA"


@pytest.mark.parametrize(
    ("status", "did_not_arrive"),
    [
        (MessageStatus.FAILED, True),
        (MessageStatus.BOUNCED, True),
        (MessageStatus.SENT, False),
        (MessageStatus.QUEUED, False),
        (MessageStatus.WITHHELD, False),
    ],
)
def test_failed_and_bounced_messages_did_not_arrive(status, did_not_arrive):
    assert Message(status=status).did_not_arrive is did_not_arrive
