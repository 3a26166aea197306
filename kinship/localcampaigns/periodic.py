"""Local campaigns' periodic jobs, run by `manage.py worker` once across all workers."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.scheduling import periodic
from kinship.localcampaigns import services


@periodic("localcampaigns.journey_reminders", every=timedelta(minutes=30))
def journey_reminders() -> None:
    services.journey_reminders_send()


@periodic("localcampaigns.unused_journeys", every=timedelta(hours=12))
def unused_journeys() -> None:
    services.journeys_unused_delete()
