"""Local campaigns tests use messaging's fictional place (Demoshire, postcode XX1 1AA) and its
real SMTP server on loopback, and a live campaign for the toolkit's messages to count towards."""

from __future__ import annotations

import pytest

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.messaging.tests.conftest import db_tasks, mail, place, smtp  # noqa: F401 - fixtures


@pytest.fixture
def campaign(db):  # type: ignore[no-untyped-def]
    return CampaignFactory(slug="value-our-love", title="Value Our Love")
