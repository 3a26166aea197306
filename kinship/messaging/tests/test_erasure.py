"""Self-service erasure from "my actions" takes the service emails with it (issue 11, item 6)."""

from __future__ import annotations

import pytest

from kinship.core.models import OutboundEmail
from kinship.messaging import services
from kinship.messaging.models import Message
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db


def test_erasing_from_my_actions_deletes_the_emails_that_held_live_links(action):
    services.submission_create(action=action, data=submission_data(), language="en-gb")
    services.my_actions_request(email="gwen.jones@example.com", language="en-gb")
    assert OutboundEmail.objects.filter(to__iexact="gwen.jones@example.com").count() == 2

    services.messages_erase_by_email(email="Gwen.Jones@Example.com")

    assert not OutboundEmail.objects.filter(to__iexact="gwen.jones@example.com").exists()
    assert not Message.objects.exclude(body="").exists()
