"""Local campaigns tests use messaging's fictional place (Demoshire, postcode XX1 1AA) and its
real SMTP server on loopback, and a live campaign for the toolkit's messages to count towards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import CampaignFactory
from kinship.messaging.tests.conftest import db_tasks, mail, place, smtp  # noqa: F401 - fixtures


@pytest.fixture
def campaign(db):  # type: ignore[no-untyped-def]
    return CampaignFactory(slug="value-our-love", title="Value Our Love")


class FrozenClock:
    """Django's clock stopped at a moment the test chooses (`timezone.now()` and everything
    built on it, such as `timezone.localdate()`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def at(self, moment: dt.datetime) -> None:
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch)
