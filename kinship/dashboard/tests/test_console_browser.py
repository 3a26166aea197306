"""The staff console's pages in Chromium: axe-core finds nothing on each, and they fit a 390 px phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS
from kinship.dashboard.tests.helpers import browser_sign_in, check_console_page, message, submission
from kinship.messaging.models import MessageStatus
from kinship.messaging.services import message_moderate
from kinship.petitions.models import Signature, SignatureStatus
from kinship.petitions.tests.factories import PetitionFactory
from kinship.supporters.services import data_request_record
from kinship.supporters.tests.factories import SupporterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_pages_pass_axe(page: Any, axe: Any, live_server: Any) -> None:
    action = ActionFactory(title="Write to your MP")
    now = timezone.now()
    for days in (1, 3, 3, 8):
        sub = submission(action, when=now - dt.timedelta(days=days))
        message(sub, status=MessageStatus.SENT)
    message(submission(action, flag_reason="Near-copy"), status=MessageStatus.WITHHELD)
    decided = message(submission(action), status=MessageStatus.WITHHELD)
    message_moderate(message=decided, decision="rejected", staff_name="someone", note="Names a child.")
    for kind, email in (("export", "ada@example.org"), ("erasure", "bea@example.org")):
        data_request_record(
            email=SupporterFactory(email=email).email,
            kind=kind,
            channel="post",
            received_on=timezone.localdate() - dt.timedelta(days=40 if kind == "export" else 3),
            entered_by="someone",
        )
    Signature.objects.create(
        petition=PetitionFactory(),
        name="Held Person",
        name_key="held person",
        email="held@example.org",
        email_canonical="held@example.org",
        email_domain="example.org",
        postcode="XX1 1AA",
        status=SignatureStatus.HELD,
    )
    browser_sign_in(page, live_server.url, "everyone", CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS)
    for path in (
        "/staff/",
        "/staff/working/",
        f"/staff/working/?action={action.pk}",
        "/staff/working/?start=2026-01-01&end=2026-11-30",
        "/staff/working/?start=nonsense",
        "/staff/moderation/",
        "/staff/data-requests/",
        "/staff/exports/",
    ):
        check_console_page(page, axe, f"{live_server.url}{path}")
