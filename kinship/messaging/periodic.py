"""Messaging's periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.messaging import services
from kinship.messaging.services.rollup import messaging_rollup_refresh


@periodic("messaging.recover_stale", every=timedelta(minutes=2))
def recover_stale() -> None:
    services.messages_recover_stale()


@periodic("messaging.remind_unconfirmed", every=timedelta(minutes=30))
def remind_unconfirmed() -> None:
    services.submissions_remind()


@periodic("messaging.abandon_unconfirmed", every=timedelta(hours=1))
def abandon_unconfirmed() -> None:
    services.submissions_abandon()


@periodic("messaging.followups", every=timedelta(hours=1))
def followups() -> None:
    services.followups_send()


@periodic("messaging.expire_bodies", every=timedelta(hours=6))
def expire_bodies() -> None:
    services.message_bodies_expire()


@periodic("messaging.daily_rollup", every=timedelta(minutes=1))
def daily_rollup() -> None:
    # So a staff read of "What is working" usually finds little left to count in.
    messaging_rollup_refresh()
